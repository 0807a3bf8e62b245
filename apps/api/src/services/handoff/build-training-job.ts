import { type TExportFile, type TTrainingJobFile, type TTrainingJobV1, ZExportFile, ZExportSpec } from "@rankwise/shared";

type TExportRow = { id: string; projectId: string; spec: unknown; files: unknown; manifest: unknown };

/** PUBLIC_API_URL may carry a path (https://host/rankwise), so paths are appended, never resolved. */
export function apiUrl(publicApiUrl: string, path: string): string {
  return `${publicApiUrl.replace(/\/+$/, "")}${path}`;
}

export function exportFileUrls(publicApiUrl: string, exportId: string, files: TExportFile[]): TTrainingJobFile[] {
  return files.map((f) => ({
    ...f,
    url: apiUrl(publicApiUrl, `/api/v1/exports/${exportId}/download?split=${encodeURIComponent(f.split)}`),
  }));
}

/** The v1 job contract for one completed export and the run created for it. Pure: no database, no queue. */
export function buildTrainingJob(row: TExportRow, trainingRunId: string, publicApiUrl: string, now = new Date()): TTrainingJobV1 {
  const spec = ZExportSpec.parse(row.spec);
  const files = ZExportFile.array().parse(row.files);
  const manifest = row.manifest !== null && typeof row.manifest === "object" ? (row.manifest as TTrainingJobV1["manifest"]) : files;
  return {
    v: 1,
    trainingRunId,
    exportId: row.id,
    projectId: row.projectId,
    criterion: spec.criterion ?? null,
    format: spec.format,
    files: exportFileUrls(publicApiUrl, row.id, files),
    manifest,
    spec,
    eventsUrl: apiUrl(publicApiUrl, `/api/v1/training-runs/${trainingRunId}/events`),
    runUrl: apiUrl(publicApiUrl, `/api/v1/training-runs/${trainingRunId}`),
    createdAt: now.toISOString(),
  };
}
