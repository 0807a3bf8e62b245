import type { TFormDefinition } from "@rankwise/shared";
import type pg from "pg";
import type { TDb } from "../../lib/prisma.ts";
import { parseForm } from "../forms/form-versions.ts";
import { submitWriteSql } from "./submit-sql.ts";

/**
 * The common case of `leaseNextTask` in one round trip: sweep, per-labeler lock and claim sent as one
 * multi-statement query (BEGIN … COMMIT), the sweep and claim as EXECUTEs of statements prepared once
 * per connection. Each statement of a READ COMMITTED transaction takes a new snapshot, so the claim
 * sees whatever a concurrent call of the same labeler committed before it released the lock, exactly
 * as when the statements are sent one by one. The simple-query protocol takes no parameters, so the
 * few values are inlined as checked literals (uuids, integers, a boolean).
 *
 * Returns null when the claim found nothing: the caller then runs the careful path (retries over rows
 * skipped as locked, a brief wait for the lock, and no queue floor), which alone may answer 204.
 */

export type TFastLease = {
  id: string;
  item_id: string;
  shuffle_seed: number;
  lease_expires_at: Date;
  form_version_id: string;
  context: { pairs?: Record<string, [string, string]> };
  prompt: unknown;
  responses: unknown;
  gold: unknown;
  form_version: number;
  form_definition: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function uuid(v: string): string {
  if (!UUID.test(v)) throw new Error(`not a uuid: ${JSON.stringify(v)}`);
  return `'${v}'::uuid`;
}
/**
 * The per-labeler, per-project advisory lock every lease, submit-and-lease and undo takes, so a
 * labeler's calls never interleave. `me` and `p` are `uuid()` literals; the key hashes the same text
 * as `lockLabeler` below (ids come from Postgres, so their text form is the canonical lowercase one).
 */
export function lockLabelerSql(me: string, p: string): string {
  return `SELECT pg_advisory_xact_lock(hashtextextended(${me}::text || ':' || ${p}::text, 0))`;
}

/** `lockLabelerSql` inside a Prisma transaction. */
export async function lockLabeler(tx: TDb, labelerId: string, projectId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${labelerId} || ':' || ${projectId}, 0))`;
}

export function int(v: number): string {
  if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
  return String(v);
}

/**
 * Where the queue's open items start, per project and overlap. Items fill up in `seq` order, so after
 * a while the claim's index scan walks over thousands of full items before it finds an open one
 * (~1 µs each, on every claim). The floor lets it start near the first open item. It is only used
 * once at least FLOOR_MIN_SKIP full items lie before that item (small queues keep the exact order).
 * It moves up every FLOOR_STEP_MS by a short scan from where it is, is recomputed from the start of
 * the queue every FLOOR_TTL_MS, and is dropped by this process whenever it returns an item to the
 * pool (expired lease, skip). An item reopened below the floor by another process is served once the
 * floor is recomputed, or straight away by the careful path when nothing is open above it.
 */
const FLOOR_TTL_MS = 2000;
const FLOOR_STEP_MS = 100;
const FLOOR_MIN_SKIP = 500;
type TFloor = { seq: number | null; at: number; fullAt: number; refreshing: boolean };
const floors = new Map<string, TFloor>();

/** The floor claims use now for this project and overlap (null: none); for tests. */
export function peekQueueFloor(projectId: string, overlap: number): number | null {
  return floors.get(`${projectId}:${overlap}`)?.seq ?? null;
}

export function dropQueueFloor(projectId: string) {
  for (const key of floors.keys()) if (key.startsWith(projectId)) floors.delete(key);
}

/**
 * The current floor, never waited for: claims use the last value (none at first) while a refresh runs
 * in the background, so the full recompute (a walk over every full item) never sits in a request.
 */
export function queueFloor(pool: pg.Pool, projectId: string, overlap: number): number | null {
  const key = `${projectId}:${overlap}`;
  const now = Date.now();
  let floor = floors.get(key);
  if (!floor) {
    floor = { seq: null, at: 0, fullAt: 0, refreshing: false };
    floors.set(key, floor);
  }
  if (floor.refreshing || now - floor.at < FLOOR_STEP_MS) return floor.seq;
  const entry = floor;
  const full = now - entry.fullAt >= FLOOR_TTL_MS;
  // No floor worth using (a short queue head, or nothing open): look again only at the next full recompute.
  if (!full && entry.seq === null) return null;
  entry.refreshing = true;
  const next = full
    ? pool
        .query<{ seq: number; before: string }>({
          name: "queue-floor",
          text: `SELECT seq, n - 1 AS before FROM (
                   SELECT seq, role, active_count, row_number() OVER (ORDER BY seq) AS n FROM items WHERE project_id = $1::uuid
                 ) x WHERE role = 'LIVE' AND active_count < $2 ORDER BY seq LIMIT 1`,
          values: [projectId, overlap],
        })
        .then((r) => {
          const row = r.rows[0];
          return row && Number(row.before) >= FLOOR_MIN_SKIP ? row.seq : null;
        })
    : pool
        .query<{ seq: number }>({
          name: "queue-floor-step",
          text: "SELECT seq FROM items WHERE project_id = $1::uuid AND seq >= $2 AND role = 'LIVE' AND active_count < $3 ORDER BY seq LIMIT 1",
          values: [projectId, entry.seq, overlap],
        })
        .then((r) => r.rows[0]?.seq ?? entry.seq);
  next
    .then(
      (seq) => {
        // Dropped meanwhile (an item went back to the pool): this value may be too high, keep none.
        if (floors.get(key) !== entry) return;
        entry.seq = seq;
        if (full) entry.fullAt = Date.now();
      },
      () => {
        entry.seq = null;
      },
    )
    .finally(() => {
      entry.at = Date.now();
      entry.refreshing = false;
    });
  return entry.seq;
}

/** Whether the labeler is a super rater here ($1 project, $2 labeler). */
const IS_SUPER = `coalesce((SELECT m.status = 'SUPER_RATER' FROM project_members m WHERE m.project_id = $1 AND m.user_id = $2), false)`;
const notMine = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = ${alias}.id AND a.labeler_id = $2 AND a.status <> 'EXPIRED')`;

/**
 * The claim ($1 project, $2 labeler, $3 overlap, $4 queue floor (seq), $5 draw a honeypot, $6 shuffle
 * seed, $7 lease seconds). `gate` is an extra condition both candidates must meet (checked once).
 */
const claimSql = (gate: string) => `
    WITH existing AS (
      SELECT id, item_id, shuffle_seed, lease_expires_at, form_version_id, context FROM assignments
      WHERE labeler_id = $2 AND project_id = $1 AND status = 'LEASED' AND lease_expires_at > now()
      LIMIT 1
    ), live AS (
      SELECT i.id FROM items i
      WHERE i.project_id = $1 AND i.seq >= $4 AND i.role = 'LIVE'
        AND i.active_count < $3
        AND (NOT i.super_raters_only OR ${IS_SUPER})
        AND NOT EXISTS (SELECT 1 FROM existing)
        AND ${gate}
        AND ${notMine("i")}
      ORDER BY i.seq
      LIMIT 1
      FOR UPDATE OF i SKIP LOCKED
    ), honeypot AS (
      -- Candidates come from gold_answers by primary key: items has no index on role, and scanning
      -- the project for its few honeypots costs as much as the whole claim many times over.
      SELECT i.id FROM items i
      WHERE $5 AND i.id = ANY(ARRAY(SELECT g.item_id FROM gold_answers g))
        AND i.project_id = $1 AND i.role = 'HONEYPOT'
        AND (NOT i.super_raters_only OR ${IS_SUPER})
        AND NOT EXISTS (SELECT 1 FROM existing)
        AND ${gate}
        AND ${notMine("i")}
        -- Written as the live claim's ordered walk (not a bare EXISTS), so that the cached generic plan
        -- starts from the queue index and stops at the first open item instead of scanning the project.
        AND (
          SELECT l.id FROM items l
          WHERE l.project_id = $1 AND l.seq >= $4 AND l.role = 'LIVE' AND l.active_count < $3
            AND (NOT l.super_raters_only OR ${IS_SUPER}) AND ${notMine("l")}
          ORDER BY l.seq
          LIMIT 1
        ) IS NOT NULL
      ORDER BY random()
      LIMIT 1
      FOR UPDATE OF i SKIP LOCKED
    ), picked AS (
      (SELECT id FROM honeypot) UNION ALL (SELECT id FROM live) LIMIT 1
    ), bumped AS (
      UPDATE items SET active_count = items.active_count + 1
      FROM picked WHERE items.id = picked.id AND (items.role = 'HONEYPOT' OR items.active_count < $3)
      RETURNING items.id
    ), claimed AS (
      INSERT INTO assignments (id, project_id, item_id, labeler_id, status, shuffle_seed, leased_at, lease_expires_at, form_version_id, context)
      SELECT gen_random_uuid(), $1, bumped.id, $2, 'LEASED', $6, now(),
             now() + make_interval(secs => $7),
             (SELECT f.id FROM form_versions f WHERE f.project_id = $1 ORDER BY f.version DESC LIMIT 1), '{}'
      FROM bumped
      ON CONFLICT (item_id, labeler_id) DO UPDATE
        SET status = 'LEASED', shuffle_seed = EXCLUDED.shuffle_seed, leased_at = EXCLUDED.leased_at,
            lease_expires_at = EXCLUDED.lease_expires_at, submitted_at = NULL,
            form_version_id = EXCLUDED.form_version_id, context = '{}'
      RETURNING id, item_id, shuffle_seed, lease_expires_at, form_version_id, context
    )
    SELECT c.*, i.prompt, i.responses, g.answers AS gold, f.version AS form_version, f.definition::text AS form_definition
    FROM (SELECT * FROM existing UNION ALL SELECT * FROM claimed) c
    JOIN items i ON i.id = c.item_id
    LEFT JOIN gold_answers g ON g.item_id = c.item_id
    JOIN form_versions f ON f.id = c.form_version_id`;

/** An earlier statement of this transaction stored the answer to assignment $n (submitted_at is kept to the millisecond). */
export const justSubmitted = (n: number) =>
  `EXISTS (SELECT 1 FROM assignments s WHERE s.id = $${n} AND s.status = 'SUBMITTED' AND s.submitted_at = now()::timestamptz(3))`;

/**
 * The claim after a submit in the same transaction (`submit-lease-fast.ts`), with the values taken from
 * what was served: it claims only if that transaction stored the answer ($8, the submitted
 * assignment), the labeler may still take live tasks here, and the project's overlap, lease time and
 * settings ($9) are still those passed in. Otherwise it claims nothing and the caller leases the usual way.
 */
const AFTER_SUBMIT_GATE = `(
  ${justSubmitted(8)}
  AND EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = $1 AND m.user_id = $2 AND m.status IN ('QUALIFIED', 'SUPER_RATER'))
  AND EXISTS (SELECT 1 FROM projects p WHERE p.id = $1 AND p.overlap = $3 AND p.lease_seconds = $7 AND p.settings = $9))`;

const sweepSql = (gate: string) => `
    WITH expired AS (
      UPDATE assignments SET status = 'EXPIRED'
      WHERE project_id = $1 AND status = 'LEASED' AND lease_expires_at <= now() AND ${gate}
      RETURNING item_id
    )
    UPDATE items SET active_count = items.active_count - e.n
    FROM (SELECT item_id, count(*)::int AS n FROM expired GROUP BY item_id) e
    WHERE items.id = e.item_id`;

/**
 * The sweep, the claims and the served submit's write, prepared once per connection (SQL PREPARE, so
 * that EXECUTE can share one multi-statement round trip with the lock). The same statements as the
 * careful path in lease-next-task.ts and the submit in submit-fast.ts; keep them in step.
 */
const PREPARE = `
  PREPARE rw_lease_sweep(uuid) AS ${sweepSql("true")};
  -- $2: the assignment whose submit comes first in the same transaction; nothing is swept if it did not happen.
  PREPARE rw_lease_sweep_after(uuid, uuid) AS ${sweepSql(justSubmitted(2))};
  PREPARE rw_lease_claim(uuid, uuid, int, int, boolean, int, int) AS ${claimSql("true")};
  PREPARE rw_lease_claim_after(uuid, uuid, int, int, boolean, int, int, uuid, jsonb) AS ${claimSql(AFTER_SUBMIT_GATE)};
  PREPARE rw_submit_served(uuid, uuid, jsonb, jsonb, int, text, uuid, uuid, jsonb) AS ${submitWriteSql(true)};`;

/** Pool connections that have the statements above. */
const prepared = new WeakSet<object>();

/** Prepares the statements above on this connection, once. */
export async function preparedOn(client: pg.PoolClient): Promise<void> {
  if (prepared.has(client)) return;
  await client.query(PREPARE);
  prepared.add(client);
}

export async function leaseFast(
  pool: pg.Pool,
  project: { id: string; overlap: number; leaseSeconds: number },
  labelerId: string,
  opts: { seed: number; wantHoneypot: boolean },
): Promise<TFastLease | null> {
  const p = uuid(project.id);
  const me = uuid(labelerId);
  const floor = queueFloor(pool, project.id, project.overlap);
  const args = [
    p,
    me,
    int(project.overlap),
    int(floor ?? -1),
    opts.wantHoneypot ? "true" : "false",
    int(opts.seed),
    int(project.leaseSeconds),
  ];
  const client = await pool.connect();
  try {
    await preparedOn(client);
    // Left to itself Postgres plans the claim afresh on every EXECUTE (its generic plan looks dearer on
    // paper), and planning costs more than running it. The generic plan walks the queue index like the
    // custom one. The same plan for every draw also keeps a honeypot's lease as fast as a live one's.
    const results = (await client.query(`
      BEGIN;
      EXECUTE rw_lease_sweep(${p});
      ${lockLabelerSql(me, p)};
      SET LOCAL plan_cache_mode = force_generic_plan;
      EXECUTE rw_lease_claim(${args.join(", ")});
      COMMIT;`)) as unknown as pg.QueryResult[];
    client.release();
    if ((results[1]?.rowCount ?? 0) > 0) dropQueueFloor(project.id);
    return (results[4]?.rows[0] as TFastLease | undefined) ?? null;
  } catch (err) {
    // The connection may be left inside the failed transaction: drop it rather than reuse it.
    client.release(err as Error);
    throw err;
  }
}

/** Parsed form definitions by their stored JSON text (`definition::text`): validated once, not on every request. */
const parsedForms = new Map<string, TFormDefinition>();
export function parseFormText(text: string): TFormDefinition {
  let form = parsedForms.get(text);
  if (!form) {
    form = parseForm({ definition: JSON.parse(text) });
    if (parsedForms.size >= 256) parsedForms.clear();
    parsedForms.set(text, form);
  }
  return form;
}
