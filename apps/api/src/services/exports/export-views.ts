import { emptyCounts, type TExport, type TExportCounts, ZExportCounts, ZExportFile, ZExportSpec } from "@rankwise/shared";
import type { Export } from "../../generated/prisma/client.ts";

/** The stored counts: the structured kind, or the flat totals exports had before it. */
function readCounts(raw: unknown): { flat: Record<string, number>; counts: TExportCounts | null } {
  const parsed = ZExportCounts.safeParse(raw);
  if (!parsed.success) {
    const flat = Object.fromEntries(
      Object.entries((raw ?? {}) as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === "number"),
    );
    return { flat, counts: null };
  }
  const c = parsed.data;
  return {
    flat: { annotations: c.annotations, items: c.items, rows: c.rows, pairs: c.pairs, ties: c.ties, duplicates: c.duplicates, ...c.splits },
    counts: c,
  };
}

export function toExport(row: Export): TExport {
  const { flat, counts } = readCounts(row.counts);
  return {
    id: row.id,
    projectId: row.projectId,
    spec: ZExportSpec.parse(row.spec),
    status: row.status,
    progress: row.progress,
    rowsDone: row.rowsDone,
    rowsTotal: row.rowsTotal,
    counts: flat,
    criteria: (counts ?? emptyCounts()).criteria,
    labelers: (counts ?? emptyCounts()).labelers,
    files: ZExportFile.array().parse(row.files),
    sha256: row.sha256,
    error: row.error,
    storage: row.storage,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
