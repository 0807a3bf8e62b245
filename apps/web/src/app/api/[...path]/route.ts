import { apiBaseUrl } from "../../../lib/env.ts";

/**
 * Every /api/* request is forwarded to the Rankwise API at request time, so the browser only
 * ever talks to the web origin (one cookie jar, no CORS) and API_URL can change without a rebuild.
 */
export const dynamic = "force-dynamic";

const REQUEST_HEADERS = [
  "accept",
  "authorization",
  "content-type",
  "cookie",
  "idempotency-key",
  "if-match",
  "if-none-match",
  "if-range",
  "range",
  "user-agent",
  "x-request-id",
];

const RESPONSE_HEADERS = [
  "accept-ranges",
  "cache-control",
  "content-disposition",
  "content-length",
  "content-range",
  "content-type",
  "etag",
  "idempotent-replayed",
  "last-modified",
  "location",
  "retry-after",
  "vary",
  "x-request-id",
];

/** Statuses whose response must not carry a body (the Response constructor rejects one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function forwardedRequestHeaders(request: Request): Headers {
  const out = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  // Ask for the bytes as stored: fetch would otherwise decompress and break content-length/ranges.
  out.set("accept-encoding", "identity");
  const url = new URL(request.url);
  const forwardedFor = request.headers.get("x-forwarded-for");
  if (forwardedFor) out.set("x-forwarded-for", forwardedFor);
  out.set("x-forwarded-host", request.headers.get("host") ?? url.host);
  out.set("x-forwarded-proto", url.protocol.replace(":", ""));
  return out;
}

function forwardedResponseHeaders(upstream: Response): Headers {
  const out = new Headers();
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  // A decoded body no longer matches the encoded length; let the server recompute it.
  if (upstream.headers.has("content-encoding")) out.delete("content-length");
  for (const cookie of upstream.headers.getSetCookie()) out.append("set-cookie", cookie);
  return out;
}

async function proxy(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const target = `${apiBaseUrl()}${url.pathname}${url.search}`;
  const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.body !== null;
  const init: RequestInit & { duplex?: "half" } = {
    method: request.method,
    headers: forwardedRequestHeaders(request),
    redirect: "manual",
    cache: "no-store",
    signal: request.signal,
  };
  if (hasBody) {
    init.body = request.body;
    init.duplex = "half";
  }

  let upstream: Response;
  try {
    upstream = await fetch(target, init);
  } catch (err) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    console.error(`[rankwise-web] API proxy: ${request.method} ${url.pathname} failed:`, err);
    return Response.json(
      { error: { code: "SERVICE_UNAVAILABLE", message: "The Rankwise API is not reachable right now. Try again in a moment." } },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }

  const body = NULL_BODY_STATUSES.has(upstream.status) || request.method === "HEAD" ? null : upstream.body;
  return new Response(body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: forwardedResponseHeaders(upstream),
  });
}

export { proxy as DELETE, proxy as GET, proxy as HEAD, proxy as OPTIONS, proxy as PATCH, proxy as POST, proxy as PUT };
