import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import fp from "fastify-plugin";

export const REQUEST_ID_HEADER = "x-request-id";
/** What we accept from a caller (a proxy's or a client's id): short, and safe to log and echo. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's genReqId: the caller's X-Request-Id when it is safe, else a random UUID. Fastify puts the
 * id on every log line of the request (`reqId`); the plugin below echoes it in the response.
 */
export function genRequestId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && SAFE_ID.test(value) ? value : randomUUID();
}

/** Echoes the request id in `X-Request-Id` on every response, errors included. */
export default fp(
  async (app) => {
    app.addHook("onRequest", async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
    });
  },
  { name: "request-id" },
);
