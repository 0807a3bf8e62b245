// Runs the Prisma CLI with the environment this machine needs (see prisma-env.mjs).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { prismaEnv, repoRoot } from "./prisma-env.mjs";

const res = spawnSync(path.join(repoRoot, "node_modules/.bin/prisma"), process.argv.slice(2), {
  cwd: repoRoot,
  env: prismaEnv(),
  stdio: "inherit",
});
process.exit(res.status ?? 1);
