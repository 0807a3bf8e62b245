import {
  DEFAULT_FORM,
  HashSet52,
  hash52,
  type TExportAnnotation,
  type TExportItem,
  type TExportSpec,
  type TFormDefinition,
  type TMessage,
  type TResponse,
  type TSharedPromptItems,
  ZFormDefinition,
} from "@rankwise/shared";
import { Prisma } from "../../generated/prisma/client.ts";
import type { TDb } from "../../lib/prisma.ts";
import { ANNOTATION_JOINS, annotationFilter } from "./export-filters.ts";
import { labelerPseudonym } from "./labeler-pseudonyms.ts";

export const EXPORT_BATCH_SIZE = 1000;

type TAnnotationRow = {
  id: string;
  item_id: string;
  labeler_id: string;
  answer: Record<string, unknown>;
  form_version_id: string | null;
  display_order: unknown;
  duration_ms: number | null;
  created_at: Date;
  labeler_kind: "HUMAN" | "AI";
  tier: string | null;
};
type TItemRow = { id: string; external_id: string; prompt: TMessage[]; responses: TResponse[] };

export type TReadState = {
  /** Annotations fetched so far (progress). */
  read: number;
  /** Set when `limit` stopped the read before the end; the item cut in half is not yielded. */
  truncated: boolean;
};

export type TReadOptions = {
  batchSize?: number;
  /** Stop after about this many annotations, at a batch boundary (preview). */
  limit?: number;
  /** After every batch: progress, and the place to throw to stop (cancel). */
  onBatch?: (state: TReadState) => Promise<void>;
  state?: TReadState;
};

/** How many annotations the spec selects: the export's rows_total. */
export async function countExportAnnotations(db: TDb, projectId: string, spec: TExportSpec): Promise<number> {
  const rows = await db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM ${ANNOTATION_JOINS} WHERE ${annotationFilter(projectId, spec)}`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * The items of the export whose prompt another item of the export shares, for the builder's dedupe
 * (see TExportBuilderOptions): only their rows need a dedupe table that spans items. The builder keys a
 * row on the prompt as JSON of its messages' {role, content}; items are grouped here on the array of
 * their messages' contents alone, so every two items with the same key there land in one group (a
 * superset, which costs only memory). Kept as 52-bit hashes of the ids, 16 bytes an item: a collision
 * only adds an item to the superset.
 */
export async function loadSharedPromptItems(db: TDb, projectId: string, spec: TExportSpec): Promise<TSharedPromptItems> {
  const roles = spec.excludeHoneypots ? ["LIVE"] : ["LIVE", "HONEYPOT"];
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH keyed AS (
      SELECT id, md5(jsonb_path_query_array(prompt, '$[*].content')::text) AS k
      FROM items WHERE project_id = ${projectId}::uuid AND role::text = ANY(${roles}::text[]))
    SELECT id FROM keyed WHERE k IN (SELECT k FROM keyed GROUP BY k HAVING count(*) > 1)`;
  const ids = new HashSet52(rows.length);
  for (const r of rows) ids.add(hash52(r.id));
  return { has: (itemId) => ids.has(hash52(itemId)) };
}

/**
 * Streams the annotations an export selects, grouped by item, in (item_id, id) order with a keyset
 * cursor: one batch of annotations and one item in memory at a time, however big the project. An item
 * whose annotations straddle two batches is held back until its last annotation has been read, so each
 * item is yielded exactly once with all of its annotations.
 */
export async function* readExportItems(
  db: TDb,
  projectId: string,
  spec: TExportSpec,
  salt: string,
  opts: TReadOptions = {},
): AsyncGenerator<TExportItem> {
  const batchSize = opts.batchSize ?? EXPORT_BATCH_SIZE;
  const state = opts.state ?? { read: 0, truncated: false };
  const filter = annotationFilter(projectId, spec);
  const forms = new Map<string, { version: number; form: TFormDefinition }>();
  const pseudonyms = new Map<string, string>();
  let cursor: Prisma.Sql = Prisma.empty;
  let pending: TExportItem | null = null;

  for (;;) {
    const take = opts.limit === undefined ? batchSize : Math.max(1, Math.min(batchSize, opts.limit - state.read));
    const batch = await db.$queryRaw<TAnnotationRow[]>`
      SELECT a.id, a.item_id, a.labeler_id, a.answer, a.form_version_id, a.display_order, a.duration_ms, a.created_at,
             u.kind::text AS labeler_kind, pm.status::text AS tier
      FROM ${ANNOTATION_JOINS}
      WHERE ${filter} ${cursor}
      ORDER BY a.item_id, a.id
      LIMIT ${take}`;
    if (batch.length === 0) break;

    const needItems = [...new Set(batch.map((a) => a.item_id))].filter((id) => id !== pending?.id);
    const items = new Map<string, TItemRow>();
    if (needItems.length) {
      const rows = await db.$queryRaw<
        TItemRow[]
      >`SELECT id, external_id, prompt, responses FROM items WHERE id = ANY(${needItems}::uuid[])`;
      for (const r of rows) items.set(r.id, r);
    }
    const needForms = [...new Set(batch.flatMap((a) => (a.form_version_id && !forms.has(a.form_version_id) ? [a.form_version_id] : [])))];
    if (needForms.length) {
      const rows = await db.$queryRaw<{ id: string; version: number; definition: unknown }[]>`
        SELECT id, version, definition FROM form_versions WHERE id = ANY(${needForms}::uuid[])`;
      for (const r of rows) forms.set(r.id, { version: r.version, form: ZFormDefinition.parse(r.definition) });
    }

    for (const a of batch) {
      if (pending && pending.id !== a.item_id) {
        yield pending;
        pending = null;
      }
      if (!pending) {
        const row = items.get(a.item_id) as TItemRow;
        pending = { id: row.id, externalId: row.external_id, prompt: row.prompt, responses: row.responses, annotations: [] };
      }
      let labeler = pseudonyms.get(a.labeler_id);
      if (!labeler) {
        labeler = labelerPseudonym(salt, a.labeler_id);
        pseudonyms.set(a.labeler_id, labeler);
      }
      const form = a.form_version_id ? forms.get(a.form_version_id) : undefined;
      const annotation: TExportAnnotation = {
        id: a.id,
        labeler,
        labelerKind: a.labeler_kind,
        tier: a.tier,
        formVersion: form?.version ?? null,
        // Answers given before forms were versioned are answers to the default form.
        form: form?.form ?? DEFAULT_FORM,
        answers: a.answer,
        displayOrder: Array.isArray(a.display_order) ? (a.display_order as string[]) : [],
        durationMs: a.duration_ms,
        createdAt: a.created_at.toISOString(),
      };
      pending.annotations.push(annotation);
    }

    state.read += batch.length;
    const last = batch[batch.length - 1] as TAnnotationRow;
    cursor = Prisma.sql`AND (a.item_id, a.id) > (${last.item_id}::uuid, ${last.id}::uuid)`;
    await opts.onBatch?.(state);
    if (batch.length < take) break;
    if (opts.limit !== undefined && state.read >= opts.limit) {
      // Peek: the held-back item is complete only if the next annotation belongs to another item.
      const next = await db.$queryRaw<
        { item_id: string }[]
      >`SELECT a.item_id FROM ${ANNOTATION_JOINS} WHERE ${filter} ${cursor} ORDER BY a.item_id, a.id LIMIT 1`;
      if (next.length === 0) break;
      state.truncated = true;
      if (pending && next[0]?.item_id !== pending.id) yield pending;
      return;
    }
  }
  if (pending) yield pending;
}
