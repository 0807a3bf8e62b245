import { randomInt } from "node:crypto";
import { readUndoWindowSeconds, type TAnnotation, type TSubmitAnswer, type TTask } from "@rankwise/shared";
import { pgPoolOf, type TPrisma } from "../../lib/prisma.ts";
import type { TAuthUser } from "../auth/sessions.ts";
import { dropQueueFloor, int, lockLabelerSql, preparedOn, queueFloor, type TFastLease, uuid } from "./lease-fast.ts";
import { drawHoneypot, renderFastLease } from "./lease-next-task.ts";
import { takeServedTask } from "./served-tasks.ts";
import { shuffleSeeded } from "./shuffle.ts";
import { checkAnswers, toAnnotation } from "./submit-annotation.ts";
import { idempotencyClash, readWritten, type TFactsRow, type TRow, type TSubmitFacts } from "./submit-fast.ts";

/**
 * `POST /assignments/:id/annotations?next=1` for a task this process served, in one round trip: the
 * submit's write, the sweep, the labeler's lock and the next claim as one transaction (one
 * multi-statement query of prepared statements, as in lease-fast.ts). The claim takes the project's
 * values from what was served and runs only if the database agrees: the answer was stored by this
 * transaction, the labeler may still take live tasks, and overlap, lease time and settings are
 * unchanged. Otherwise it claims nothing and the caller leases the usual way (`next` undefined).
 *
 * Null when this path does not apply or stored nothing (not served here, lease no longer live, …): the
 * transaction then wrote nothing, and the caller runs the full submit path.
 */
export async function submitAndLeaseFast(
  prisma: TPrisma,
  user: TAuthUser,
  input: { assignmentId: string; body: TSubmitAnswer; idempotencyKey?: string },
): Promise<{ annotation: TAnnotation; facts: TSubmitFacts; next?: TTask; undoExpiresAt: string } | null> {
  const pool = pgPoolOf(prisma);
  if (!pool || user.role !== "LABELER") return null;
  const served = takeServedTask(input.assignmentId, user.id);
  if (!served) return null;
  const checked = checkAnswers(served.form, served.responses, served.context.pairs ?? {}, input.body);
  const displayOrder = shuffleSeeded(
    served.responses.map((r) => r.id),
    served.shuffleSeed,
  );
  const project = served.project;
  const floor = queueFloor(pool, project.id, project.overlap);
  const client = await pool.connect();
  let results: { rows: unknown[]; rowCount: number | null }[];
  try {
    await preparedOn(client);
    const json = (v: unknown) => client.escapeLiteral(JSON.stringify(v ?? null));
    const p = uuid(project.id);
    const me = uuid(user.id);
    const a = uuid(input.assignmentId);
    const submit = [
      a,
      me,
      json(checked),
      json(displayOrder),
      input.body.durationMs == null ? "NULL" : int(input.body.durationMs),
      input.idempotencyKey === undefined ? "NULL" : client.escapeLiteral(input.idempotencyKey),
      uuid(served.itemId),
      uuid(served.formVersionId),
      json(served.context),
    ];
    const claim = [
      p,
      me,
      int(project.overlap),
      int(floor ?? -1),
      drawHoneypot(project.settings) ? "true" : "false",
      int(randomInt(1, 2 ** 31 - 1)),
      int(project.leaseSeconds),
      a,
      json(project.settings),
    ];
    results = (await client.query(`
      BEGIN;
      EXECUTE rw_submit_served(${submit.join(", ")});
      EXECUTE rw_lease_sweep_after(${p}, ${a});
      ${lockLabelerSql(me, p)};
      SET LOCAL plan_cache_mode = force_generic_plan;
      EXECUTE rw_lease_claim_after(${claim.join(", ")});
      COMMIT;`)) as unknown as typeof results;
    client.release();
  } catch (err) {
    // The transaction rolled back as a whole; the connection may be left inside it: drop it.
    client.release(err as Error);
    const clash = idempotencyClash(err);
    if (clash) throw clash;
    // Anything else (a deadlock with a concurrent sweep, say): nothing was written, the usual path retries.
    return null;
  }
  const written = readWritten(results[1]?.rows[0] as (TRow & TFactsRow) | undefined);
  if (!written) return null;
  if ((results[2]?.rowCount ?? 0) > 0) dropQueueFloor(project.id);
  const { facts } = written;
  const undoExpiresAt = new Date(facts.submittedAt.getTime() + readUndoWindowSeconds(facts.project.settings) * 1000).toISOString();
  const lease = results[5]?.rows[0] as TFastLease | undefined;
  const next = lease ? await renderFastLease(prisma, facts.project, user.id, lease) : undefined;
  return { annotation: toAnnotation(written.row), facts, next, undoExpiresAt };
}
