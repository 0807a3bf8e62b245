import { z } from "zod";

/** Stable error codes; each maps to exactly one HTTP status. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LEASE_EXPIRED: 409,
  ALREADY_SUBMITTED: 409,
  UNDO_WINDOW_PASSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RANGE_NOT_SATISFIABLE: 416,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

export const ZErrorCode = z.enum(Object.keys(ERROR_STATUS) as [TErrorCode, ...TErrorCode[]]);

export const ZErrorIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type TErrorIssue = z.infer<typeof ZErrorIssue>;

/** The one error body every non-2xx response carries. */
export const ZErrorBody = z.object({
  error: z.object({
    code: ZErrorCode,
    message: z.string(),
    issues: z.array(ZErrorIssue).optional(),
    /** On 5xx responses: the request id (also in the X-Request-Id header and every log line of the request). */
    requestId: z.string().optional(),
  }),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;
