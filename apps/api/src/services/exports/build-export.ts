import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { derivePairs, type TExportFile, type TMessage, type TRanking, type TResponse } from "@rankwise/shared";
import type { TPrisma } from "../../lib/prisma.ts";
import { exportFolder, splitFileName } from "./export-paths.ts";

const BATCH_SIZE = 1000;

type TAnnotationRow = { id: string; item_id: string; answer: { ranking?: TRanking } };
type TItemRow = { id: string; prompt: TMessage[]; responses: TResponse[] };

export class ExportCancelledError extends Error {
  override name = "ExportCancelledError";
}

/** Appends lines to a file while hashing exactly the bytes written; respects backpressure. */
class HashingWriter {
  private readonly stream;
  private readonly hash = createHash("sha256");
  bytes = 0;
  rows = 0;
  constructor(readonly file: string) {
    this.stream = createWriteStream(file, { flags: "w" });
  }
  async write(line: string) {
    const buf = Buffer.from(`${line}\n`, "utf8");
    this.hash.update(buf);
    this.bytes += buf.length;
    this.rows++;
    if (!this.stream.write(buf)) await once(this.stream, "drain");
  }
  async close(): Promise<string> {
    this.stream.end();
    await once(this.stream, "finish");
    return this.hash.digest("hex");
  }
  destroy() {
    this.stream.destroy();
  }
}

/**
 * Builds the export's files from the project's annotations, in batches with constant memory.
 * Deterministic: annotations are read in (item_id, id) order and pairs come out in ranking order,
 * so the same data and spec always give the same bytes. Files are written under a temp name and
 * renamed when complete, so a crashed attempt never leaves a half file behind a final name.
 */
export async function buildExport(
  prisma: TPrisma,
  exportDir: string,
  exportId: string,
  onProgress: (p: { rowsDone: number; rowsTotal: number }) => Promise<void> = async () => {},
): Promise<void> {
  const exp = await prisma.export.findUniqueOrThrow({ where: { id: exportId } });
  if (exp.status === "CANCELLED" || exp.status === "COMPLETED") return;
  const rowsTotal = await prisma.annotation.count({ where: { projectId: exp.projectId } });
  await prisma.export.update({
    where: { id: exportId },
    data: { status: "RUNNING", startedAt: new Date(), rowsTotal, rowsDone: 0, progress: 0, error: null },
  });

  const folder = exportFolder(exportDir, exportId);
  await mkdir(folder, { recursive: true });
  const split = "train";
  const finalName = splitFileName(split);
  const tmp = path.join(folder, `.${finalName}.${process.pid}.${Date.now()}.tmp`);
  const writer = new HashingWriter(tmp);
  let rowsDone = 0;
  let pairs = 0;

  try {
    let cursor: { itemId: string; id: string } | null = null;
    for (;;) {
      const batch: TAnnotationRow[] = cursor
        ? await prisma.$queryRaw<TAnnotationRow[]>`
            SELECT id, item_id, answer FROM annotations
            WHERE project_id = ${exp.projectId}::uuid AND (item_id, id) > (${cursor.itemId}::uuid, ${cursor.id}::uuid)
            ORDER BY item_id, id LIMIT ${BATCH_SIZE}`
        : await prisma.$queryRaw<TAnnotationRow[]>`
            SELECT id, item_id, answer FROM annotations
            WHERE project_id = ${exp.projectId}::uuid
            ORDER BY item_id, id LIMIT ${BATCH_SIZE}`;
      if (batch.length === 0) break;

      const itemIds = [...new Set(batch.map((a) => a.item_id))];
      const items = await prisma.$queryRaw<TItemRow[]>`SELECT id, prompt, responses FROM items WHERE id = ANY(${itemIds}::uuid[])`;
      const byId = new Map(items.map((i) => [i.id, i]));

      for (const a of batch) {
        const item = byId.get(a.item_id);
        if (!item || !a.answer.ranking) continue;
        const content = new Map(item.responses.map((r) => [r.id, r.content]));
        for (const pair of derivePairs(a.answer.ranking)) {
          await writer.write(
            JSON.stringify({
              prompt: item.prompt,
              chosen: [{ role: "assistant", content: content.get(pair.chosen) ?? "" }],
              rejected: [{ role: "assistant", content: content.get(pair.rejected) ?? "" }],
            }),
          );
          pairs++;
        }
      }
      rowsDone += batch.length;
      const last = batch[batch.length - 1] as TAnnotationRow;
      cursor = { itemId: last.item_id, id: last.id };

      const state = await prisma.export.update({
        where: { id: exportId },
        data: { rowsDone, progress: rowsTotal ? Math.min(rowsDone / rowsTotal, 0.99) : 0 },
        select: { status: true },
      });
      if (state.status === "CANCELLED") throw new ExportCancelledError("cancelled");
      await onProgress({ rowsDone, rowsTotal });
    }

    const sha256 = await writer.close();
    await rename(tmp, path.join(folder, finalName));
    const file: TExportFile = { split, name: finalName, rows: writer.rows, bytes: (await stat(path.join(folder, finalName))).size, sha256 };
    await prisma.export.update({
      where: { id: exportId },
      data: {
        status: "COMPLETED",
        progress: 1,
        rowsDone,
        counts: { annotations: rowsDone, pairs },
        files: [file],
        sha256,
        finishedAt: new Date(),
      },
    });
  } catch (err) {
    writer.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}
