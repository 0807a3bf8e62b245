import type { TAnswers } from "@rankwise/shared";
import pg from "pg";

/**
 * One annotation as the report reads it: [item seq, labeler id,
 * week (whole weeks since Monday 1970-01-05, UTC), duration ms (−1: unknown), id of the response shown
 * first, number of responses shown, form version (0: none), answers without text questions, the full
 * display order (only when a top-k ranking needs it, else null)].
 */
export type TAgreementRow = [number, string, number, number, string | null, number, number, TAnswers, string[] | null];

/** Day number (since 1970-01-01) of the Monday that starts report week `week`. */
export const weekStartDay = (week: number) => 4 + 7 * week;

export type TLoadOptions = {
  projectId: string;
  /** Dropped from the answers in SQL: free text is never coded and can be large. */
  textQuestionIds: readonly string[];
  withDisplayOrder: boolean;
  from: Date | null;
  to: Date | null;
};

const ITEMS_SQL = `
  SELECT concat('[', string_agg(concat('[', concat_ws(',',
           i.seq, to_json(a.labeler_id), ((a.created_at AT TIME ZONE 'UTC')::date - date '1970-01-05') / 7,
           coalesce(a.duration_ms, -1), coalesce(a.display_order -> 0, 'null'::jsonb), jsonb_array_length(a.display_order),
           coalesce(fv.version, 0), a.answer - $2::text[],
           CASE WHEN $3::boolean THEN a.display_order ELSE 'null'::jsonb END
         ), ']'), ','), ']') AS item
  FROM annotations a
  JOIN items i ON i.id = a.item_id
  LEFT JOIN form_versions fv ON fv.id = a.form_version_id
  WHERE a.project_id = $1::uuid AND i.role = 'LIVE'
    AND a.created_at >= coalesce($4::timestamptz, '-infinity') AND a.created_at < coalesce($5::timestamptz, 'infinity')
  GROUP BY a.item_id
  ORDER BY a.item_id`;

/**
 * Streams the live annotations of a project, one item at a time (all of its answers), to `onItem`.
 * The answers come off the (project_id, item_id) index already grouped by item, so nothing is sorted
 * and the database keeps producing while we compute; memory stays flat because each item's objects
 * die young. Turning jsonb into text is most of the database's work; one JSON.parse per item. (The
 * labeler is sent as its id: any join that maps it to a number in SQL loses the index order.)
 *
 * This bulk read uses its own pg connection rather than Prisma: Prisma's raw-query path buffers the
 * whole result and re-encodes large text values, which made it several times slower here.
 */
export async function streamAgreementItems(
  databaseUrl: string,
  opts: TLoadOptions,
  onItem: (rows: TAgreementRow[]) => void,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Sorting a million wide rows spills to disk; a parallel plan ships them between processes; JIT does not pay.
    await client.query("SET enable_sort = off; SET max_parallel_workers_per_gather = 0; SET jit = off");
    await new Promise<void>((resolve, reject) => {
      const query = new pg.Query({
        text: ITEMS_SQL,
        values: [opts.projectId, opts.textQuestionIds, opts.withDisplayOrder, opts.from, opts.to],
      });
      let failed = false;
      query.on("row", (row: { item: string }) => {
        if (failed) return;
        try {
          onItem(JSON.parse(row.item) as TAgreementRow[]);
        } catch (err) {
          failed = true;
          reject(err);
        }
      });
      query.on("error", reject);
      query.on("end", () => resolve());
      client.query(query);
    });
  } finally {
    await client.end();
  }
}
