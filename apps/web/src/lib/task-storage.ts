/**
 * Per-assignment state that must survive a retry or a reload:
 * - the Idempotency-Key (sessionStorage), so a retried submit (network error, double press, reload) reuses it and
 *   the API never stores two answers;
 * - the draft answers and when the task was first shown (for durationMs), in localStorage so that
 *   closing the tab keeps them too.
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
/** Drafts of leases that were never submitted must not pile up: one lease lasts hours at most. */
const DRAFT_TTL_MS = 2 * 24 * 60 * 60 * 1000;

/** Answers keyed by question id, as the form holds them, and when the task was first shown. */
export type TTaskDraft = { answers: Record<string, unknown>; startedAt: number };
type TStoredDraft = TTaskDraft & { savedAt: number };

function local(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function readDraftRaw(key: string): string | null {
  try {
    // Drafts live in localStorage (they survive closing the tab); older ones were in sessionStorage.
    return local()?.getItem(key) ?? window.sessionStorage.getItem(key) ?? memory.get(key) ?? null;
  } catch {
    return memory.get(key) ?? null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a stored draft; a legacy `{ ranking, startedAt }` draft becomes the default form's answer. */
export function parseDraft(raw: string, now = Date.now()): TTaskDraft | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || typeof parsed.startedAt !== "number" || !Number.isFinite(parsed.startedAt)) return null;
  if (typeof parsed.savedAt === "number" && now - parsed.savedAt > DRAFT_TTL_MS) return null;
  if (isRecord(parsed.answers)) return { answers: parsed.answers, startedAt: parsed.startedAt };
  const ranking = parsed.ranking;
  if (Array.isArray(ranking) && ranking.every((tier) => Array.isArray(tier) && tier.every((id) => typeof id === "string"))) {
    return { answers: { ranking }, startedAt: parsed.startedAt };
  }
  return null;
}

/** The labeler's work in progress, so a reload, a closed tab or a re-login does not lose it. */
export function loadDraft(assignmentId: string): TTaskDraft | null {
  const raw = readDraftRaw(DRAFT_PREFIX + assignmentId);
  return raw ? parseDraft(raw) : null;
}

export function saveDraft(assignmentId: string, draft: TTaskDraft): void {
  const key = DRAFT_PREFIX + assignmentId;
  const value = JSON.stringify({ ...draft, savedAt: Date.now() } satisfies TStoredDraft);
  memory.set(key, value);
  try {
    local()?.setItem(key, value);
  } catch {
    // quota or storage disabled: memory keeps the draft for this page
  }
}

export function clearDraft(assignmentId: string): void {
  const key = DRAFT_PREFIX + assignmentId;
  memory.delete(key);
  try {
    local()?.removeItem(key);
    window.sessionStorage.removeItem(key);
  } catch {
    // storage disabled
  }
}

/** Removes drafts older than the TTL (leases long gone). Cheap: a handful of keys at most. */
export function pruneDrafts(now = Date.now()): void {
  const store = local();
  if (!store) return;
  try {
    const stale: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (!key?.startsWith(DRAFT_PREFIX)) continue;
      const raw = store.getItem(key);
      if (!raw || parseDraft(raw, now) === null) stale.push(key);
    }
    for (const key of stale) store.removeItem(key);
  } catch {
    // storage disabled
  }
}
