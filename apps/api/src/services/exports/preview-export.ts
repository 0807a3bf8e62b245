import { createExportBuilder, type TExportPreview, type TExportSpec } from "@rankwise/shared";
import type { TDb } from "../../lib/prisma.ts";
import { loadExportSalt } from "./labeler-pseudonyms.ts";
import { countExportAnnotations, readExportItems, type TReadState } from "./read-export-items.ts";

/** The preview reads at most this many annotations (about a second or two of work) before answering. */
export const PREVIEW_MAX_ANNOTATIONS = 100_000;

/**
 * The counts an export with this spec would have, computed by the very same reader and builder as the
 * worker, minus the files. Exact when the project has up to `limit` matching annotations (`complete`);
 * beyond that it stops at an item boundary and the counts cover the annotations scanned.
 */
export async function previewExport(
  db: TDb,
  projectId: string,
  spec: TExportSpec,
  limit = PREVIEW_MAX_ANNOTATIONS,
): Promise<TExportPreview> {
  const salt = await loadExportSalt(db, projectId);
  const total = await countExportAnnotations(db, projectId, spec);
  const builder = createExportBuilder(spec);
  const state: TReadState = { read: 0, truncated: false };
  for await (const item of readExportItems(db, projectId, spec, salt, { limit, state })) builder.addItem(item);
  return { complete: !state.truncated, annotationsScanned: builder.counts.annotations, annotationsTotal: total, counts: builder.counts };
}
