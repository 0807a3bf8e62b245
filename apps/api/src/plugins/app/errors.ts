import type { TErrorBody, TErrorCode, TErrorIssue } from "@rankwise/shared";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ZodError } from "zod";
import { AppError } from "../../lib/app-error.ts";

const CODE_BY_STATUS: Record<number, TErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  416: "RANGE_NOT_SATISFIABLE",
  422: "UNPROCESSABLE",
  429: "RATE_LIMITED",
  503: "SERVICE_UNAVAILABLE",
};

function body(code: TErrorCode, message: string, issues?: TErrorIssue[]): TErrorBody {
  return { error: issues?.length ? { code, message, issues } : { code, message } };
}

/** 5xx bodies carry the request id, so a user's report leads straight to the log lines. */
function withRequestId(b: TErrorBody, requestId: string): TErrorBody {
  return { error: { ...b.error, requestId } };
}

/** Prisma/pg connection failures surface as 503 so clients retry instead of reporting a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const text = `${(err as { code?: string }).code ?? ""} ${(err as Error).message ?? ""}`;
  return /ECONNREFUSED|ECONNRESET|57P01|57P03|Connection terminated|connection.*closed|Can't reach database|DatabaseNotReachable/i.test(
    text,
  );
}

/**
 * Fastify's option for errors its router raises before any route or hook runs (a path that is not
 * valid percent-encoding, a path parameter over maxParamLength): the same stable body, as a 400.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const message = err.code === "FST_ERR_MAX_PARAM_LENGTH" ? "A path parameter is too long" : "The URL is not valid percent-encoding";
  return reply.status(400).send(body("BAD_REQUEST", message));
}

/** One handler turns every failure into `{ error: { code, message, issues? } }` and hides 5xx details. */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof AppError) {
        const b = body(err.code, err.message, err.issues);
        return reply.status(err.statusCode).send(err.statusCode >= 500 ? withRequestId(b, request.id) : b);
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const where = err.validationContext ?? "request";
        const issues = err.validation.map((v) => ({
          path: [
            where,
            ...v.instancePath
              .split("/")
              .filter(Boolean)
              .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
          ],
          message: v.message ?? "invalid",
        }));
        return reply
          .status(400)
          .send(
            body(
              "VALIDATION_FAILED",
              `Invalid ${where}: ${issues.map((i) => `${i.path.slice(1).join(".") || where}: ${i.message}`).join("; ")}`,
              issues,
            ),
          );
      }
      if (err instanceof ZodError) {
        const issues = err.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: i.message }));
        return reply.status(400).send(body("VALIDATION_FAILED", "Invalid request", issues));
      }
      if ((err as { code?: string }).code === "P2002") {
        return reply.status(409).send(body("CONFLICT", "This conflicts with an existing record"));
      }
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return reply.status(status).send(body(CODE_BY_STATUS[status] ?? "BAD_REQUEST", err.message));
      }
      // Postgres cannot store NUL characters in text or JSON; that is the client's input, not our bug.
      if (
        /22P05|22021|invalid byte sequence|\\u0000 cannot be converted/i.test(`${(err as { code?: string }).code ?? ""} ${err.message}`)
      ) {
        return reply.status(400).send(body("BAD_REQUEST", "Text must not contain NUL (\\u0000) characters"));
      }
      if (isDatabaseUnavailable(err)) {
        request.log.error({ err }, "database unavailable");
        return reply
          .status(503)
          .send(withRequestId(body("SERVICE_UNAVAILABLE", "The database is unavailable; try again shortly"), request.id));
      }
      request.log.error({ err }, "unhandled error");
      return reply.status(500).send(withRequestId(body("INTERNAL", "Internal server error"), request.id));
    });

    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send(body("NOT_FOUND", `Route ${request.method} ${request.url.split("?")[0]} not found`)),
    );
  },
  { name: "errors" },
);
