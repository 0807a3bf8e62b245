import { type TExport, ZExportFile, ZExportSpec } from "@rankwise/shared";
import type { Export } from "../../generated/prisma/client.ts";

export function toExport(row: Export): TExport {
  return {
    id: row.id,
    projectId: row.projectId,
    spec: ZExportSpec.parse(row.spec),
    status: row.status,
    progress: row.progress,
    rowsDone: row.rowsDone,
    rowsTotal: row.rowsTotal,
    counts: row.counts as Record<string, number>,
    files: ZExportFile.array().parse(row.files),
    sha256: row.sha256,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
