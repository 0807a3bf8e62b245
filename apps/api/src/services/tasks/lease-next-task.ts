import { randomInt } from "node:crypto";
import { splitSteps, type TMessage, type TResponse, type TTask } from "@rankwise/shared";
import type { TPrisma } from "../../lib/prisma.ts";
import { parseForm } from "../forms/form-versions.ts";
import { samplePairs } from "./sample-pairs.ts";
import { shuffleSeeded } from "./shuffle.ts";

type TLeaseRow = { id: string; item_id: string; shuffle_seed: number; lease_expires_at: Date; form_version_id: string; context: { pairs?: Record<string, [string, string]> } };

/**
 * Returns expired leases to the pool. Concurrent sweeps are safe: a lease flips from LEASED to
 * EXPIRED once, so each item's active count is decremented once.
 */
export async function expireLeases(db: TPrisma, projectId: string): Promise<number> {
  return db.$executeRaw`
    WITH expired AS (
      UPDATE assignments SET status = 'EXPIRED'
      WHERE project_id = ${projectId}::uuid AND status = 'LEASED' AND lease_expires_at <= now()
      RETURNING item_id
    )
    UPDATE items SET active_count = items.active_count - e.n
    FROM (SELECT item_id, count(*)::int AS n FROM expired GROUP BY item_id) e
    WHERE items.id = e.item_id`;
}

async function hasOpenItem(prisma: TPrisma, project: { id: string; overlap: number }, labelerId: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT 1 FROM items i
    WHERE i.project_id = ${project.id}::uuid AND i.role <> 'SCREENING' AND i.active_count < ${project.overlap}
      AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id AND a.labeler_id = ${labelerId}::uuid AND a.status <> 'EXPIRED')
    LIMIT 1`;
  return rows.length > 0;
}

/**
 * Leases the labeler's next item, or returns their live lease if they already hold one.
 *
 * Invariants, under any concurrency:
 * - an item never has more than `overlap` live leases + submitted answers (items.active_count,
 *   checked and bumped on the locked row; SKIP LOCKED lets parallel callers take other items);
 * - a labeler never gets the same item twice (unique (item_id, labeler_id)), and holds at most one
 *   live lease per project (their calls are serialised by a transaction-scoped advisory lock).
 */
export async function leaseNextTask(
  prisma: TPrisma,
  project: { id: string; overlap: number; leaseSeconds: number },
  labelerId: string,
): Promise<TTask | null> {
  await expireLeases(prisma, project.id);
  const seed = randomInt(1, 2 ** 31 - 1);
  const claim = () => prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${labelerId} || ':' || ${project.id}, 0))`;
    return tx.$queryRaw<TLeaseRow[]>`
      WITH existing AS (
        SELECT id, item_id, shuffle_seed, lease_expires_at, form_version_id, context FROM assignments
        WHERE labeler_id = ${labelerId}::uuid AND project_id = ${project.id}::uuid
          AND status = 'LEASED' AND lease_expires_at > now()
        LIMIT 1
      ), picked AS (
        SELECT i.id FROM items i
        WHERE i.project_id = ${project.id}::uuid AND i.role <> 'SCREENING'
          AND i.active_count < ${project.overlap}
          AND NOT EXISTS (SELECT 1 FROM existing)
          AND NOT EXISTS (
            SELECT 1 FROM assignments a
            WHERE a.item_id = i.id AND a.labeler_id = ${labelerId}::uuid AND a.status <> 'EXPIRED'
          )
        ORDER BY i.seq
        LIMIT 1
        FOR UPDATE OF i SKIP LOCKED
      ), bumped AS (
        UPDATE items SET active_count = items.active_count + 1
        FROM picked WHERE items.id = picked.id AND items.active_count < ${project.overlap}
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
  });
  let lease = (await claim())[0];
  // SKIP LOCKED passes over items another labeler is claiming right now; if such an item still has
  // room, the queue is not empty for this labeler: try again rather than answer 204.
  for (let attempt = 0; !lease && attempt < 5 && (await hasOpenItem(prisma, project, labelerId)); attempt++) {
    await new Promise((r) => setTimeout(r, 2 + attempt * 5));
    lease = (await claim())[0];
  }
  if (!lease) return null;
  const [item, formRow] = await Promise.all([
    prisma.item.findUniqueOrThrow({ where: { id: lease.item_id }, select: { id: true, prompt: true, responses: true } }),
    prisma.formVersion.findUniqueOrThrow({ where: { id: lease.form_version_id } }),
  ]);
  const form = parseForm(formRow);
  const stored = item.responses as TResponse[];
  let pairs = lease.context.pairs;
  if (!pairs) {
    pairs = samplePairs(form, stored.map((r) => r.id), lease.shuffle_seed);
    await prisma.assignment.update({ where: { id: lease.id }, data: { context: { pairs } } });
  }
  const withSteps = form.questions.some((q) => q.type === "steps");
  const responses = stored.map((r) => (withSteps ? { id: r.id, content: r.content, steps: splitSteps(r) } : { id: r.id, content: r.content }));
  return {
    assignmentId: lease.id,
    projectId: project.id,
    item: { id: item.id, prompt: item.prompt as TMessage[], responses: shuffleSeeded(responses, lease.shuffle_seed) },
    form: { version: formRow.version, definition: form },
    pairs,
    leaseExpiresAt: lease.lease_expires_at.toISOString(),
  };
}
