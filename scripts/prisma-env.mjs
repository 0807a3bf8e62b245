// Prisma's CLI downloads a native schema engine on first use. Where that cannot happen (an offline
// build machine), a drop-in engine may sit beside the checkout; use it when present.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function prismaEnv(env = process.env) {
  if (env.PRISMA_SCHEMA_ENGINE_BINARY) return env;
  const offline = path.resolve(root, "../shared/tools/prisma-offline-engine/schema-engine");
  return existsSync(offline) ? { ...env, PRISMA_SCHEMA_ENGINE_BINARY: offline } : env;
}

export const repoRoot = root;
