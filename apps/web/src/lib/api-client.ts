import type { TErrorIssue } from "@rankwise/shared";

/** A failed API call, carrying the API's own error code and message for display. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: TErrorIssue[] = [],
  ) {
    super(message);
  }
}

export type TApiResult<T> = { status: number; data: T | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Reads `{ error: { code, message, issues? } }` defensively: a proxy or crash may send anything. */
async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: fall through to the generic message
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code = typeof error?.code === "string" ? error.code : `HTTP_${res.status}`;
  const message =
    typeof error?.message === "string" && error.message.length > 0
      ? error.message
      : `The server answered ${res.status} ${res.statusText}`.trim();
  const issues = Array.isArray(error?.issues)
    ? error.issues.filter((i): i is TErrorIssue => isRecord(i) && typeof i.message === "string" && Array.isArray(i.path))
    : [];
  return new ApiError(res.status, code, message, issues);
}

/**
 * Calls the API through the web origin's `/api` proxy. Resolves with the status and parsed JSON
 * (null for 204); throws ApiError for non-2xx answers and for network failures (status 0).
 */
export async function apiFetch<T>(path: `/api/${string}`, init: RequestInit = {}): Promise<TApiResult<T>> {
  const headers = new Headers(init.headers);
  if (!headers.has("accept")) headers.set("accept", "application/json");
  if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, credentials: "same-origin", cache: "no-store" });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "NETWORK", "Can't reach Rankwise. Check your connection and try again.");
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return { status: 204, data: null };
  const text = await res.text();
  return { status: res.status, data: text ? (JSON.parse(text) as T) : null };
}

/** A message safe to show to a person, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong.";
}

/** Sends the browser to the sign-in page, coming back here afterwards. */
export function redirectToLogin(): void {
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}
