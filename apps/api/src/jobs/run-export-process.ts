import { fork } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ExportCancelledError, type TBuildExportResult, type TExportProgress } from "../services/exports/build-export.ts";
import { exportFolder } from "../services/exports/export-paths.ts";
import type { TExportProcessMessage } from "./export-process.ts";

const ENTRY = fileURLToPath(new URL("./export-process.ts", import.meta.url));

/**
 * V8 flags of the export process: a 2 MB young generation keeps short-lived row strings from piling up
 * between scavenges; --expose-gc lets it collect dead Buffers early (export-process.ts). No old-space
 * cap: the dedupe table grows with the row count (16 bytes per row).
 */
export const EXPORT_PROCESS_V8_FLAGS = ["--max-semi-space-size=2", "--expose-gc"];

export type TRunExportProcessOptions = {
  databaseUrl: string;
  exportDir: string;
  /** Extra environment for the child (it inherits the worker's and reads it with loadConfig). */
  env?: NodeJS.ProcessEnv;
  batchSize?: number;
  onProgress?: (p: TExportProgress) => Promise<void> | void;
  /** Called with the child's peak RSS (VmHWM) in bytes when it reports one. */
  onPeakRss?: (bytes: number) => void;
};

/**
 * Runs buildExport for one export in a child process (export-process.ts) and resolves with its result;
 * rejects with ExportCancelledError when it was cancelled, or an Error with the child's message. A
 * failing progress relay fails the export, as it does in process: the child is killed, its folder removed.
 */
export function runExportProcess(exportId: string, opts: TRunExportProcessOptions): Promise<TBuildExportResult> {
  return new Promise((resolve, reject) => {
    const args = [exportId, ...(opts.batchSize ? [String(opts.batchSize)] : [])];
    const child = fork(ENTRY, args, {
      execArgv: ["--import", "tsx", ...EXPORT_PROCESS_V8_FLAGS],
      env: { ...process.env, ...opts.env, DATABASE_URL: opts.databaseUrl, EXPORT_DIR: opts.exportDir },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let outcome: TExportProcessMessage | null = null;
    let relayError: Error | null = null;
    let progress = Promise.resolve();
    child.on("message", (msg: TExportProcessMessage) => {
      if (msg.type === "progress") {
        const p = { rowsDone: msg.rowsDone, rowsTotal: msg.rowsTotal };
        // Relayed in order; the first failure stops the child.
        progress = progress.then(async () => {
          if (relayError) return;
          try {
            await opts.onProgress?.(p);
            // The callback takes a send error (child already gone) that would otherwise be an "error" event.
            if (child.connected) child.send({ type: "ack" }, () => {});
          } catch (err) {
            relayError = err instanceof Error ? err : new Error(String(err));
            child.kill("SIGKILL");
          }
        });
      } else {
        outcome = msg;
        if (msg.peakRssBytes !== null) opts.onPeakRss?.(msg.peakRssBytes);
      }
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      void progress.then(async () => {
        const o = outcome as TExportProcessMessage | null;
        if (relayError) {
          await rm(exportFolder(opts.exportDir, exportId), { recursive: true, force: true }).catch(() => {});
          reject(relayError);
        } else if (o?.type === "result") resolve({ status: o.status });
        else if (o?.type === "error") reject(o.cancelled ? new ExportCancelledError(o.message) : new Error(o.message));
        else reject(new Error(`the export process exited with ${signal ?? `code ${code}`} before reporting a result`));
      });
    });
  });
}
