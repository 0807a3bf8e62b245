import { ERROR_STATUS, type TErrorCode, type TErrorIssue } from "@rankwise/shared";

/** The one error type routes and services throw; the error handler maps `code` to a status. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly issues?: TErrorIssue[],
  ) {
    super(message);
  }

  get statusCode(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You do not have access to this resource") => new AppError("FORBIDDEN", message);
