import type { TAuditEntry } from "@rankwise/shared";

/** What each recorded action means, in people's words; unknown actions show as they are. */
export const ACTION_LABELS: Record<string, string> = {
  "gold.create": "Gold answer added",
  "gold.update": "Gold answer changed",
  "gold.delete": "Gold answer removed",
  "item.update": "Item role changed",
  "member.status.set": "Labeler status changed",
  "screening.save": "Screening test saved",
  "quality.settings.save": "Quality rules saved",
  "item.flags.resolve": "Item flags resolved",
  "annotation.undo.tier": "Answer withdrawn",
  "user.unlock": "User unlocked",
  "invitation.create": "Invitation created",
  "invitation.revoke": "Invitation revoked",
  "invitation.accept": "Invitation accepted",
  "user.create": "User created",
  "user.update": "User changed",
  "user.disable": "User disabled",
  "user.enable": "User enabled",
  "token.create": "API token issued",
  "token.revoke": "API token revoked",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value short enough for a table cell: structures are only named, their content is in the details. */
function short(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "string") return value.length > 60 ? `“${value.slice(0, 57)}…”` : `“${value}”`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? `${value.length} entries` : "…";
}

function humanKey(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** "key: a → b" for every top-level key that differs between two objects. */
function diff(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== "updatedAt");
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${humanKey(k)}: ${short(before[k])} → ${short(after[k])}`);
}

/**
 * One line on what changed, read from the entry's `data`. Known actions get a sentence; others list
 * their simple fields. The full data stays in the row's details.
 */
export function summarize(entry: TAuditEntry): string {
  const d = entry.data;
  const s = (k: string) => (typeof d[k] === "string" || typeof d[k] === "number" ? String(d[k]) : "");
  switch (entry.action) {
    case "gold.create":
      return "A gold answer was entered for this item.";
    case "gold.update": {
      const changed = diff(d.before, d.after).length;
      return changed ? `${changed} ${changed === 1 ? "question's" : "questions'"} gold answer changed.` : "Saved without changes.";
    }
    case "gold.delete":
      return "The item no longer has a gold answer.";
    case "member.status.set":
      return `${s("from")} → ${s("to")}${d.reason ? ` — ${short(d.reason)}` : ""}`;
    case "invitation.create":
      return `${s("email")} as ${s("role").toLowerCase()}${Number(d.supersededInvitations) > 0 ? " (replaces an earlier link)" : ""}`;
    case "invitation.accept":
      return `${s("email")} created their account${
        d.memberStatus ? ` and joined the project${d.memberStatus === "INVITED" ? " (screening test due)" : ""}` : ""
      }`;
    case "invitation.revoke":
      return `${s("email")} can no longer use the link`;
    case "user.create":
      return `${s("email")} as ${s("role").toLowerCase()}${d.invitationId ? " (from an invitation)" : ""}`;
    case "user.disable":
      return `Sessions ended: ${s("sessionsEnded") || 0}, tokens revoked: ${s("tokensRevoked") || 0}`;
    case "token.create":
    case "token.revoke":
      return `${short(d.name)} (${s("prefix")}…)`;
  }
  if ("before" in d || "after" in d) {
    const changes = diff(d.before, d.after);
    if (d.before === null || d.before === undefined) return "Created.";
    return changes.length
      ? changes.slice(0, 3).join("; ") + (changes.length > 3 ? ` and ${changes.length - 3} more` : "")
      : "Saved without changes.";
  }
  const parts = Object.entries(d).map(([k, v]) =>
    isRecord(v) && "from" in v && "to" in v ? `${humanKey(k)}: ${short(v.from)} → ${short(v.to)}` : `${humanKey(k)}: ${short(v)}`,
  );
  return parts.slice(0, 4).join("; ");
}
