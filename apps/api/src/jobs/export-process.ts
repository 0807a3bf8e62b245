/**
 * One export in a process of its own, started by the worker (see run-export-process.ts) with
 * `node --import tsx <this file> <exportId>`. It talks to Postgres with plain `pg` (no Prisma client, so
 * no WASM query compiler), keeps the young generation small and collects dead Buffers early, so its
 * memory is the runtime (~105 MB with tsx) plus a few tens of MB plus the cross-item dedupe table
 * (16-24 bytes per row of items whose prompt another item shares; none when every prompt is distinct),
 * and goes back to the OS when the export ends. Messages to the parent over IPC: progress after every batch (the next batch waits for
 * the parent's "ack", i.e. for the progress to be relayed, as it would in process), then one result.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { loadConfig } from "../config.ts";
import { buildExport, ExportCancelledError } from "../services/exports/build-export.ts";
import { createExportStorage } from "../services/exports/export-storage.ts";
import { pgExportStore } from "../services/exports/export-store.ts";

export type TExportProcessMessage =
  | { type: "progress"; rowsDone: number; rowsTotal: number }
  | { type: "result"; status: "COMPLETED" | "SKIPPED"; peakRssBytes: number | null }
  | { type: "error"; cancelled: boolean; message: string; peakRssBytes: number | null };

/** Highest RSS the kernel saw for this process (VmHWM), in bytes. */
function peakRss(): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

const send = (msg: TExportProcessMessage) =>
  new Promise<void>((resolve) => {
    if (!process.send) {
      console.log(JSON.stringify(msg));
      resolve();
      return;
    }
    process.send(msg, () => resolve());
  });

let acked: (() => void) | null = null;
process.on("message", (msg: { type?: string }) => {
  if (msg?.type === "ack") acked?.();
});
// The worker is gone (killed): stop as it would have; the retry starts from an empty folder.
process.on("disconnect", () => process.exit(1));

/**
 * Buffers (rows read from Postgres, chunks on their way to disk) that outlive a scavenge are freed only by
 * a full GC, which V8 starts on its own only once ~64 MB of them have piled up. Start it sooner: a full
 * GC whenever ArrayBuffer memory has grown by EXTERNAL_SLACK since the last one (every ~15 batches).
 */
const EXTERNAL_SLACK = 16 * 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc;
let externalAfterGc = 0;
function collectExternalGarbage() {
  if (!gc) return;
  if (process.memoryUsage().arrayBuffers - externalAfterGc < EXTERNAL_SLACK) return;
  gc();
  externalAfterGc = process.memoryUsage().arrayBuffers;
}

/** Reports progress and waits until the parent has relayed it (it kills this process if that fails). */
async function progress(p: { rowsDone: number; rowsTotal: number }) {
  collectExternalGarbage();
  if (!process.send) return;
  const ack = new Promise<void>((resolve) => {
    acked = resolve;
  });
  await send({ type: "progress", ...p });
  await ack;
}

async function main(): Promise<number> {
  const exportId = process.argv[2];
  if (!exportId) {
    await send({ type: "error", cancelled: false, message: "usage: export-process.ts <exportId>", peakRssBytes: null });
    return 2;
  }
  const config = loadConfig();
  const batchSize = process.argv[3] ? Number(process.argv[3]) : undefined;
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const result = await buildExport(
      { store: pgExportStore(pool), exportDir: config.EXPORT_DIR, storage: createExportStorage(config), batchSize },
      exportId,
      progress,
    );
    await send({ type: "result", status: result.status, peakRssBytes: peakRss() });
    return 0;
  } catch (err) {
    const cancelled = err instanceof ExportCancelledError;
    await send({ type: "error", cancelled, message: err instanceof Error ? err.message : String(err), peakRssBytes: peakRss() });
    return 1;
  } finally {
    process.removeAllListeners("message");
    process.removeAllListeners("disconnect");
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
