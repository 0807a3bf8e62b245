import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT, waitFor } from "./private-services.ts";

/**
 * The real API (src/server.ts) and worker (src/worker.ts) as child processes, started with tsx as
 * `npm start` does, each in a process group of its own so a test can SIGKILL a worker together with
 * its export child processes.
 */
export type TSpawned = {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** Resolves once the output matches. */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** Resolves with the exit code (or signal name) once it has exited. */
  exited: Promise<number | string>;
  /** SIGKILL to the whole process group (the worker's export children included). */
  killGroup: () => void;
};

export function spawnApiProcess(entry: "server" | "worker", env: Record<string, string>): TSpawned {
  const child = spawn(path.join(REPO_ROOT, "node_modules/.bin/tsx"), [path.join(REPO_ROOT, `apps/api/src/${entry}.ts`)], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    output: () => out,
    waitForOutput: (pattern, timeoutMs = 20_000) =>
      waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`${entry} exited (${child.exitCode}):\n${out}`);
          return pattern.test(out);
        },
        timeoutMs,
        `${pattern} in the ${entry}'s output:\n${out}`,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n--- ${entry} output ---\n${out}`);
      }),
    exited,
    killGroup: () => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}
