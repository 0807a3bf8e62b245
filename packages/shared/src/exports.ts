import { z } from "zod";

export const EXPORT_FORMATS = ["trl-preference"] as const;
export const ZExportFormat = z.enum(EXPORT_FORMATS);
export type TExportFormat = z.infer<typeof ZExportFormat>;

export const ZExportSpec = z.object({
  format: ZExportFormat.default("trl-preference"),
});
export type TExportSpec = z.infer<typeof ZExportSpec>;
export type TExportSpecInput = z.input<typeof ZExportSpec>;

export const ZExportStatus = z.enum(["QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]);
export type TExportStatus = z.infer<typeof ZExportStatus>;

export const ZExportFile = z.object({
  split: z.string(),
  name: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
});
export type TExportFile = z.infer<typeof ZExportFile>;

export const ZExport = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  spec: ZExportSpec,
  status: ZExportStatus,
  progress: z.number().min(0).max(1),
  rowsDone: z.number().int(),
  rowsTotal: z.number().int().nullable(),
  counts: z.record(z.string(), z.number()),
  files: z.array(ZExportFile),
  sha256: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type TExport = z.infer<typeof ZExport>;

export const ZExportList = z.object({ exports: z.array(ZExport) });

/** The job payload on the `exports` queue; versioned so old jobs fail loudly, not silently. */
export const ZExportJob = z.object({ v: z.literal(1), exportId: z.uuid() });
export type TExportJob = z.infer<typeof ZExportJob>;
