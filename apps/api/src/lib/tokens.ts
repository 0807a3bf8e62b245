import { createHash, randomBytes } from "node:crypto";

export const API_TOKEN_PREFIX = "rw_";

/** A new random secret: 256 bits, URL-safe. */
export function createSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Secrets are high-entropy, so a plain SHA-256 is the right storage hash (no salt or KDF needed). */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
