import type { TUser } from "@rankwise/shared";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { apiBaseUrl } from "./env.ts";

/** The API could not answer (down, timed out, or a 5xx); shown by the error boundary. */
export class ApiUnavailableError extends Error {
  override name = "ApiUnavailableError";
}

type TServerResult = { status: number; body: unknown };

/**
 * GET from the API during server rendering, as the browser's user: the Cookie and Authorization
 * headers are forwarded untouched (re-serialising parsed cookies could alter signed values).
 */
async function serverGet(path: `/api/${string}`): Promise<TServerResult> {
  const incoming = await headers();
  const forwarded: Record<string, string> = { accept: "application/json" };
  const cookie = incoming.get("cookie");
  if (cookie) forwarded.cookie = cookie;
  let res: Response;
  try {
    res = await fetch(`${apiBaseUrl()}${path}`, { headers: forwarded, cache: "no-store", signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new ApiUnavailableError("The Rankwise API is not reachable right now.");
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.status >= 500) throw new ApiUnavailableError(`The Rankwise API answered ${res.status}.`);
  return { status: res.status, body };
}

/** The signed-in user, or null. Cached per request so the layout and the page share one call. */
export const getCurrentUser = cache(async (): Promise<TUser | null> => {
  const cookie = (await headers()).get("cookie");
  if (!cookie?.includes("rw_session=")) return null;
  const { status, body } = await serverGet("/api/v1/me");
  if (status !== 200) return null;
  return (body as { user: TUser }).user;
});

function loginUrl(nextPath: string): string {
  return `/login?next=${encodeURIComponent(nextPath)}`;
}

/** The signed-in user, or a redirect to sign-in that comes back to `nextPath`. */
export async function requireUser(nextPath: string): Promise<TUser> {
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(nextPath));
  return user;
}

/** Reads API data for a page: 401 → sign-in, 403/404 → not found, other 4xx → thrown. */
export async function loadForPage<T>(path: `/api/${string}`, nextPath: string): Promise<T> {
  const { status, body } = await serverGet(path);
  if (status === 401) redirect(loginUrl(nextPath));
  if (status === 403 || status === 404) notFound();
  if (status < 200 || status >= 300) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `The Rankwise API answered ${status}.`);
  }
  return body as T;
}
