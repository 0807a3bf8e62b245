import type { TRole } from "@rankwise/shared";

/** Where each role lands after signing in. */
export function homeForRole(role: TRole): "/label" | "/projects" {
  return role === "LABELER" ? "/label" : "/projects";
}

export const ROLE_LABELS: Record<TRole, string> = {
  ADMIN: "Admin",
  RESEARCHER: "Researcher",
  LABELER: "Labeler",
  ENGINEER: "Engineer",
};

/** Only same-site paths are followed after login, so `?next=` cannot bounce users elsewhere. */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (next.startsWith("/api/") || next.startsWith("/login")) return null;
  return next;
}
