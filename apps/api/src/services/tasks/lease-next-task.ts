import { randomInt } from "node:crypto";
import { readQualitySettings, type TFormDefinition, type TResponse, type TTask } from "@rankwise/shared";
import { Prisma } from "../../generated/prisma/client.ts";
import { pgPoolOf, type TDb, type TPrisma } from "../../lib/prisma.ts";
import { parseForm } from "../forms/form-versions.ts";
import { dropQueueFloor, leaseFast, lockLabeler, parseFormText, type TFastLease } from "./lease-fast.ts";
import { renderTaskItem } from "./render-item.ts";
import { rememberServedTask } from "./served-tasks.ts";

export type TLeaseProject = { id: string; overlap: number; leaseSeconds: number; settings?: unknown };

type TLeaseRow = {
  id: string;
  item_id: string;
  shuffle_seed: number;
  lease_expires_at: Date;
  form_version_id: string;
  context: { pairs?: Record<string, [string, string]> };
};

/**
 * Returns expired leases to the pool. Concurrent sweeps are safe: a lease flips from LEASED to
 * EXPIRED once, so each item's active count is decremented once.
 */
export async function expireLeases(db: TPrisma, projectId: string): Promise<number> {
  const expired = await db.$executeRaw`
    WITH expired AS (
      UPDATE assignments SET status = 'EXPIRED'
      WHERE project_id = ${projectId}::uuid AND status = 'LEASED' AND lease_expires_at <= now()
      RETURNING item_id
    )
    UPDATE items SET active_count = items.active_count - e.n
    FROM (SELECT item_id, count(*)::int AS n FROM expired GROUP BY item_id) e
    WHERE items.id = e.item_id`;
  if (expired > 0) dropQueueFloor(projectId);
  return expired;
}

/** The task as the labeler sees it; sampled pairs are stored with the lease the first time it is served. */
async function toTask(
  prisma: TPrisma,
  project: TLeaseProject & { labelerId: string },
  lease: TLeaseRow,
  item: { id: string; prompt: unknown; responses: unknown; gold: { answers: unknown } | null },
  form: TFormDefinition,
  formVersion: number,
): Promise<TTask> {
  const projectId = project.id;
  const rendered = renderTaskItem(item, form, lease.shuffle_seed, lease.context.pairs);
  let context = lease.context;
  // Without pairwise questions there is nothing to sample: the pairs are {} whenever they are computed.
  if (!lease.context.pairs && form.questions.some((q) => q.type === "pairwise")) {
    context = { pairs: rendered.pairs };
    await prisma.assignment.update({ where: { id: lease.id }, data: { context } });
  }
  rememberServedTask(lease.id, {
    labelerId: project.labelerId,
    project: { id: project.id, overlap: project.overlap, leaseSeconds: project.leaseSeconds, settings: project.settings ?? null },
    itemId: item.id,
    formVersionId: lease.form_version_id,
    shuffleSeed: lease.shuffle_seed,
    context,
    responses: item.responses as TResponse[],
    form,
    expiresAt: lease.lease_expires_at.getTime(),
  });
  return {
    assignmentId: lease.id,
    projectId,
    item: rendered.item,
    form: { version: formVersion, definition: form },
    pairs: rendered.pairs,
    leaseExpiresAt: lease.lease_expires_at.toISOString(),
  };
}

/** Whether the labeler is a super rater here: only they get items flagged superRatersOnly. */
const SUPER_RATER = (projectId: string, labelerId: string) => Prisma.sql`
  coalesce((SELECT m.status = 'SUPER_RATER' FROM project_members m WHERE m.project_id = ${projectId}::uuid AND m.user_id = ${labelerId}::uuid), false)`;

async function hasOpenItem(db: TDb, project: { id: string; overlap: number }, labelerId: string): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM items i
    WHERE i.project_id = ${project.id}::uuid AND i.role = 'LIVE' AND i.active_count < ${project.overlap}
      AND (NOT i.super_raters_only OR ${SUPER_RATER(project.id, labelerId)})
      AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id AND a.labeler_id = ${labelerId}::uuid AND a.status <> 'EXPIRED')
    LIMIT 1`;
  return rows.length > 0;
}

/**
 * Leases the labeler's next item, or returns their live lease if they already hold one.
 *
 * Invariants, under any concurrency:
 * - a live item never has more than `overlap` live leases + submitted answers (items.active_count,
 *   checked and bumped on the locked row; SKIP LOCKED lets parallel callers take other items);
 * - a labeler never gets the same item twice (unique (item_id, labeler_id)), and holds at most one
 *   live lease per project (their calls are serialised by a transaction-scoped advisory lock).
 *
 * Honeypots (gold items mixed into the queue) are drawn with probability `settings.quality.honeypotRate`
 * per claim, in random order, and only while live work remains for the labeler, so they never cluster
 * at the start or the tail of a queue. Every labeler should answer them, so they are exempt from the
 * overlap cap (each labeler still gets each at most once). Live and honeypot tasks take the same
 * statement and are rendered by the same code: same fields, same shapes.
 */
export async function leaseNextTask(prisma: TPrisma, project: TLeaseProject, labelerId: string): Promise<TTask | null> {
  const seed = randomInt(1, 2 ** 31 - 1);
  const { honeypotRate } = readQualitySettings(project.settings);
  const pool = pgPoolOf(prisma);
  if (pool) {
    const fast = await leaseFast(pool, project, labelerId, { seed, wantHoneypot: drawHoneypot(project.settings) });
    if (fast) return renderFastLease(prisma, project, labelerId, fast);
  }
  await expireLeases(prisma, project.id);
  const isSuper = SUPER_RATER(project.id, labelerId);
  const notMine = (alias: string) => Prisma.sql`NOT EXISTS (
    SELECT 1 FROM assignments a WHERE a.item_id = ${Prisma.raw(alias)}.id AND a.labeler_id = ${labelerId}::uuid AND a.status <> 'EXPIRED')`;
  const claim = (tx: TDb, skipLocked: boolean) => {
    const wantHoneypot = honeypotRate > 0 && randomInt(0, 1_000_000) < honeypotRate * 1_000_000;
    const lockMode = skipLocked ? Prisma.sql`FOR UPDATE OF i SKIP LOCKED` : Prisma.sql`FOR UPDATE OF i`;
    // CTEs are read lazily: when a honeypot is picked, the live CTE is never run and locks nothing.
    return tx.$queryRaw<TLeaseRow[]>`
        WITH existing AS (
          SELECT id, item_id, shuffle_seed, lease_expires_at, form_version_id, context FROM assignments
          WHERE labeler_id = ${labelerId}::uuid AND project_id = ${project.id}::uuid
            AND status = 'LEASED' AND lease_expires_at > now()
          LIMIT 1
        ), live AS (
          SELECT i.id FROM items i
          WHERE i.project_id = ${project.id}::uuid AND i.role = 'LIVE'
            AND i.active_count < ${project.overlap}
            AND (NOT i.super_raters_only OR ${isSuper})
            AND NOT EXISTS (SELECT 1 FROM existing)
            AND ${notMine("i")}
          ORDER BY i.seq
          LIMIT 1
          ${lockMode}
        ), honeypot AS (
          SELECT i.id FROM items i
          WHERE ${wantHoneypot}::boolean AND i.project_id = ${project.id}::uuid AND i.role = 'HONEYPOT'
            AND (NOT i.super_raters_only OR ${isSuper})
            AND NOT EXISTS (SELECT 1 FROM existing)
            AND EXISTS (SELECT 1 FROM gold_answers g WHERE g.item_id = i.id)
            AND ${notMine("i")}
            AND EXISTS (
              SELECT 1 FROM items l
              WHERE l.project_id = ${project.id}::uuid AND l.role = 'LIVE' AND l.active_count < ${project.overlap}
                AND (NOT l.super_raters_only OR ${isSuper}) AND ${notMine("l")}
            )
          ORDER BY random()
          LIMIT 1
          ${lockMode}
        ), picked AS (
          (SELECT id FROM honeypot) UNION ALL (SELECT id FROM live) LIMIT 1
        ), bumped AS (
          UPDATE items SET active_count = items.active_count + 1
          FROM picked WHERE items.id = picked.id AND (items.role = 'HONEYPOT' OR items.active_count < ${project.overlap})
          RETURNING items.id
        ), claimed AS (
          INSERT INTO assignments (id, project_id, item_id, labeler_id, status, shuffle_seed, leased_at, lease_expires_at, form_version_id, context)
          SELECT gen_random_uuid(), ${project.id}::uuid, bumped.id, ${labelerId}::uuid, 'LEASED', ${seed}, now(),
                 now() + make_interval(secs => ${project.leaseSeconds}),
                 (SELECT f.id FROM form_versions f WHERE f.project_id = ${project.id}::uuid ORDER BY f.version DESC LIMIT 1), '{}'
          FROM bumped
          ON CONFLICT (item_id, labeler_id) DO UPDATE
            SET status = 'LEASED', shuffle_seed = EXCLUDED.shuffle_seed, leased_at = EXCLUDED.leased_at,
                lease_expires_at = EXCLUDED.lease_expires_at, submitted_at = NULL,
                form_version_id = EXCLUDED.form_version_id, context = '{}'
          RETURNING id, item_id, shuffle_seed, lease_expires_at, form_version_id, context
        )
        SELECT * FROM existing UNION ALL SELECT * FROM claimed`;
  };
  // The labeler's calls are serialised for the whole claim-and-retry sequence, so two concurrent calls
  // cannot end one with a lease and the other with 204.
  const lease = await prisma.$transaction(
    async (tx) => {
      await lockLabeler(tx, labelerId, project.id);
      let row = (await claim(tx, true))[0];
      // SKIP LOCKED passes over items another labeler is claiming (or a submit is updating) right now;
      // if such an item still has room, the queue is not empty for this labeler: try again.
      for (let attempt = 0; !row && attempt < 5 && (await hasOpenItem(tx, project, labelerId)); attempt++) {
        await new Promise((r) => setTimeout(r, 2 + attempt * 5));
        row = (await claim(tx, true))[0];
      }
      // Still passed over (a slow lock holder under load): wait for the lock once, briefly. The row is
      // re-checked when the lock is granted, so one that filled up meanwhile is passed over, never overfilled.
      if (!row && (await hasOpenItem(tx, project, labelerId))) {
        await tx.$executeRaw`SAVEPOINT wait_for_item`;
        await tx.$executeRaw`SET LOCAL lock_timeout = '2s'`;
        try {
          row = (await claim(tx, false))[0];
        } catch (err) {
          if ((err as { code?: string }).code !== "55P03" && !/lock timeout/i.test(String((err as Error).message))) throw err;
          await tx.$executeRaw`ROLLBACK TO SAVEPOINT wait_for_item`;
        }
      }
      return row;
    },
    { timeout: 15_000, maxWait: 10_000 },
  );
  if (!lease) return null;
  // The gold is read for every item (it is null for live ones) so that both cost the same.
  const [item, formRow] = await Promise.all([
    prisma.item.findUniqueOrThrow({
      where: { id: lease.item_id },
      select: { id: true, prompt: true, responses: true, gold: { select: { answers: true } } },
    }),
    prisma.formVersion.findUniqueOrThrow({ where: { id: lease.form_version_id } }),
  ]);
  return toTask(prisma, { ...project, labelerId }, lease, item, parseForm(formRow), formRow.version);
}

/** Whether this claim offers a honeypot: with probability `settings.quality.honeypotRate`. */
export function drawHoneypot(settings: unknown): boolean {
  const { honeypotRate } = readQualitySettings(settings);
  return honeypotRate > 0 && randomInt(0, 1_000_000) < honeypotRate * 1_000_000;
}

/** The task from a fast-path lease row (the item, gold and form come with it). */
export function renderFastLease(prisma: TPrisma, project: TLeaseProject, labelerId: string, fast: TFastLease): Promise<TTask> {
  const gold = fast.gold === null ? null : { answers: fast.gold };
  const item = { id: fast.item_id, prompt: fast.prompt, responses: fast.responses, gold };
  return toTask(prisma, { ...project, labelerId }, fast, item, parseFormText(fast.form_definition), fast.form_version);
}
