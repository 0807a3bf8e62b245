import { createHash } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  buildDatasetCard,
  buildManifest,
  CARD_FILE,
  createExportBuilder,
  digestInput,
  MANIFEST_FILE,
  SPLITS,
  serializeManifest,
  splitFileName,
  type TExportFile,
  type TSplit,
  ZExportSpec,
} from "@rankwise/shared";
import { APP_VERSION } from "../../lib/app-version.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import { exportFolder } from "./export-paths.ts";
import { createLocalStorage, type TExportStorage } from "./export-storage.ts";
import { prismaExportStore, type TExportStore } from "./export-store.ts";
import { loadExportSalt } from "./labeler-pseudonyms.ts";
import { countExportAnnotations, loadSharedPromptItems, readExportItems, type TReadState } from "./read-export-items.ts";
import { SplitWriter, tempName } from "./split-writer.ts";

export class ExportCancelledError extends Error {
  override name = "ExportCancelledError";
}

export type TBuildExportDeps = {
  /** Required unless `store` is given. */
  prisma?: TPrisma;
  /** How the exports row and the annotations are reached; Prisma by default, plain pg in the export process. */
  store?: TExportStore;
  exportDir: string;
  /** Where the finished files go; the local export folder by default. */
  storage?: TExportStorage;
  /** Annotations per keyset batch (tests make it small to get many progress ticks). */
  batchSize?: number;
};

export type TExportProgress = { rowsDone: number; rowsTotal: number };

/** COMPLETED: the export is complete (now or already); SKIPPED: it is gone or cancelled. */
export type TBuildExportResult = { status: "COMPLETED" | "SKIPPED" };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Writes a small file under a temp name, then renames it into place. */
async function writeAtomically(folder: string, name: string, content: string): Promise<void> {
  const tmp = path.join(folder, tempName(name));
  await writeFile(tmp, content);
  await rename(tmp, path.join(folder, name));
}

/**
 * Builds one export: streams the annotations its spec selects (keyset cursor, grouped by item, constant
 * memory), turns them into rows with the pure builder from @rankwise/shared, writes one JSONL (or
 * .jsonl.gz) file per non-empty split plus manifest.json and README.md, publishes them to storage and
 * marks the export COMPLETED.
 *
 * Idempotent: every attempt starts from an empty folder and writes under temp names that are renamed
 * only once complete, so a retry after a crash rebuilds the same bytes and never appends to a stale
 * file. Deterministic: rows come out in (item_id, annotation id) order, nothing in a data file depends on
 * the clock, and the manifest's created_at is the export row's. The export row is checked for
 * CANCELLED after every batch.
 */
export async function buildExport(
  deps: TBuildExportDeps,
  exportId: string,
  onProgress: (p: TExportProgress) => Promise<void> = async () => {},
): Promise<TBuildExportResult> {
  const store = deps.store ?? (deps.prisma ? prismaExportStore(deps.prisma) : null);
  if (!store) throw new Error("buildExport needs a Prisma client or an export store");
  const db = store.db;
  const storage = deps.storage ?? createLocalStorage(deps.exportDir);
  const exp = await store.load(exportId);
  if (!exp || exp.status === "CANCELLED") return { status: "SKIPPED" };
  // A job run again after it completed (e.g. a stalled worker) rebuilds nothing; the hand-off may still run.
  if (exp.status === "COMPLETED") return { status: "COMPLETED" };
  const spec = ZExportSpec.parse(exp.spec);

  const salt = await loadExportSalt(db, exp.projectId);
  const rowsTotal = await countExportAnnotations(db, exp.projectId, spec);
  // Cancelled (or finished by another worker) since it was read: touch nothing.
  if (!(await store.start(exportId, rowsTotal))) return { status: "SKIPPED" };

  const folder = exportFolder(deps.exportDir, exportId);
  // Whatever an earlier attempt left (temp files of a killed worker, files of a run that failed late) goes.
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });

  // Rows are deduped across items only among items sharing a prompt: memory bounded by those, not by the export.
  const builder = createExportBuilder(spec, spec.dedupe ? { sharedPromptItems: await loadSharedPromptItems(db, exp.projectId, spec) } : {});
  const writers = new Map<TSplit, SplitWriter>();
  const writerFor = (split: TSplit) => {
    let w = writers.get(split);
    if (!w) {
      w = new SplitWriter(folder, splitFileName(split, spec.gzip), spec.gzip);
      writers.set(split, w);
    }
    return w;
  };

  try {
    const state: TReadState = { read: 0, truncated: false };
    const onBatch = async (s: TReadState) => {
      const status = await store.progress(exportId, s.read, rowsTotal ? Math.min(s.read / rowsTotal, 0.99) : 0);
      if (status === null) throw new Error(`Export ${exportId} no longer exists`);
      if (status === "CANCELLED") throw new ExportCancelledError("cancelled");
      await onProgress({ rowsDone: s.read, rowsTotal });
    };
    for await (const item of readExportItems(db, exp.projectId, spec, salt, { batchSize: deps.batchSize, onBatch, state })) {
      for (const line of builder.addItem(item)) await writerFor(line.split).write(line.text);
    }

    const files: TExportFile[] = [];
    for (const split of SPLITS) {
      const w = writers.get(split);
      if (!w) continue;
      const hash = await w.close();
      files.push({ split, name: w.name, rows: w.rows, bytes: w.bytes, sha256: hash });
    }
    for (const split of SPLITS) {
      const w = writers.get(split);
      if (w) await rename(w.tmpPath, path.join(folder, w.name));
    }
    const digest = sha256(digestInput(files));
    const manifest = buildManifest({
      exportId,
      projectId: exp.projectId,
      createdAt: exp.createdAt.toISOString(),
      appVersion: APP_VERSION,
      spec,
      counts: builder.counts,
      files,
      digest,
    });
    await writeAtomically(folder, MANIFEST_FILE, serializeManifest(manifest));
    await writeAtomically(folder, CARD_FILE, buildDatasetCard(manifest));
    await storage.publish(exportId, folder, [...files.map((f) => f.name), MANIFEST_FILE, CARD_FILE]);

    const done = await store.complete(exportId, {
      rowsDone: state.read,
      counts: builder.counts,
      files,
      sha256: digest,
      manifest,
      storage: storage.kind,
    });
    if (!done) {
      // Cancelled while the files were being published.
      await storage.remove(exportId);
      throw new ExportCancelledError("cancelled");
    }
    return { status: "COMPLETED" };
  } catch (err) {
    for (const w of writers.values()) w.destroy();
    await rm(folder, { recursive: true, force: true });
    throw err;
  }
}
