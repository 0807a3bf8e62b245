/**
 * Small labeler preferences and counters kept in the browser: how responses are laid out, whether
 * the guidelines are open, and how many tasks were done today in this browser session.
 */
export type TResponseLayout = "columns" | "stacked";

const LAYOUT_KEY = "rw:pref:response-layout";
const GUIDELINES_KEY = "rw:pref:guidelines-open";
const DONE_PREFIX = "rw:done:";

function get(storage: "localStorage" | "sessionStorage", key: string): string | null {
  try {
    return window[storage].getItem(key);
  } catch {
    return null;
  }
}

function set(storage: "localStorage" | "sessionStorage", key: string, value: string): void {
  try {
    window[storage].setItem(key, value);
  } catch {
    // storage disabled: the preference lasts for this page only
  }
}

export function loadResponseLayout(): TResponseLayout {
  return get("localStorage", LAYOUT_KEY) === "stacked" ? "stacked" : "columns";
}

export function saveResponseLayout(layout: TResponseLayout): void {
  set("localStorage", LAYOUT_KEY, layout);
}

export function loadGuidelinesOpen(): boolean {
  return get("localStorage", GUIDELINES_KEY) === "true";
}

export function saveGuidelinesOpen(open: boolean): void {
  set("localStorage", GUIDELINES_KEY, String(open));
}

/** Local calendar day, so "today" matches the labeler's clock. */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function doneKey(projectId: string, now: Date): string {
  return `${DONE_PREFIX}${projectId}:${dayKey(now)}`;
}

/** Tasks submitted today in this browser session (survives reloads, not a new session). */
export function loadDoneToday(projectId: string, now = new Date()): number {
  const n = Number(get("sessionStorage", doneKey(projectId, now)));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export function bumpDoneToday(projectId: string, now = new Date(), by = 1): number {
  const next = Math.max(0, loadDoneToday(projectId, now) + by);
  set("sessionStorage", doneKey(projectId, now), String(next));
  return next;
}
