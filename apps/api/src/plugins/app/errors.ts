import type { TErrorBody, TErrorCode, TErrorIssue } from "@rankwise/shared";
import type { FastifyError } from "fastify";
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

/** Prisma/pg connection failures surface as 503 so clients retry instead of reporting a bug. */
function isDatabaseUnavailable(err: unknown): boolean {
  const text = `${(err as { code?: string }).code ?? ""} ${(err as Error).message ?? ""}`;
  return /ECONNREFUSED|ECONNRESET|57P01|57P03|Connection terminated|connection.*closed|Can't reach database|DatabaseNotReachable/i.test(
    text,
  );
}

/** One handler turns every failure into `{ error: { code, message, issues? } }` and hides 5xx details. */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof AppError) {
        return reply.status(err.statusCode).send(body(err.code, err.message, err.issues));
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
        return reply.status(503).send(body("SERVICE_UNAVAILABLE", "The database is unavailable; try again shortly"));
      }
      request.log.error({ err }, "unhandled error");
      return reply.status(500).send(body("INTERNAL", "Internal server error"));
    });

    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send(body("NOT_FOUND", `Route ${request.method} ${request.url.split("?")[0]} not found`)),
    );
  },
  { name: "errors" },
);
