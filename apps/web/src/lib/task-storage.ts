/**
 * Per-assignment state that must survive a retry or a reload, kept in sessionStorage:
 * - the Idempotency-Key, so a retried submit (network error, double press, reload) reuses it and
 *   the API never stores two answers;
 * - the draft ranking and when the task was first shown (for durationMs).
 */
const PREFIX = "rw:idempotency:";
const memory = new Map<string, string>();

/** crypto.randomUUID only exists in secure contexts; plain-http deployments fall back to getRandomValues. */
export function randomUuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function read(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, value);
  } catch {
    // storage disabled: memory is enough for retries within this page
  }
  if (value === null) memory.delete(key);
  else memory.set(key, value);
}

export function idempotencyKeyFor(assignmentId: string): string {
  const key = PREFIX + assignmentId;
  const existing = read(key) ?? memory.get(key);
  if (existing) return existing;
  const fresh = randomUuid();
  write(key, fresh);
  return fresh;
}

export function forgetIdempotencyKey(assignmentId: string): void {
  write(PREFIX + assignmentId, null);
}

const DRAFT_PREFIX = "rw:draft:";

export type TTaskDraft = { ranking: string[][]; startedAt: number };

/** The labeler's work in progress, so a reload or a re-login does not lose it. */
export function loadDraft(assignmentId: string): TTaskDraft | null {
  const raw = read(DRAFT_PREFIX + assignmentId);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<TTaskDraft>;
    const ok =
      typeof parsed.startedAt === "number" &&
      Array.isArray(parsed.ranking) &&
      parsed.ranking.every((tier) => Array.isArray(tier) && tier.every((id) => typeof id === "string"));
    return ok ? (parsed as TTaskDraft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(assignmentId: string, draft: TTaskDraft): void {
  write(DRAFT_PREFIX + assignmentId, JSON.stringify(draft));
}

export function clearDraft(assignmentId: string): void {
  write(DRAFT_PREFIX + assignmentId, null);
}
