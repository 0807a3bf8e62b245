import type { TFormDefinition } from "@rankwise/shared";
import type pg from "pg";
import type { Annotation, MemberStatus } from "../../generated/prisma/client.ts";
import { AppError, notFound } from "../../lib/app-error.ts";
import { parseFormText } from "./lease-fast.ts";
import { submitWriteSql } from "./submit-sql.ts";

/**
 * The submit's reads and write in one statement each, through the pg pool (see submitAnnotation for
 * the rules; the Prisma path there is the reference and the fallback).
 */

type TReplay = Annotation & { formVersion: { version: number } | null };
export type TSubmitTarget = {
  id: string;
  projectId: string;
  itemId: string;
  labelerId: string;
  formVersionId: string | null;
  shuffleSeed: number;
  context: unknown;
  item: { responses: unknown };
  form: TFormDefinition | null;
};

export type TRow = {
  id: string | null;
  project_id: string;
  item_id: string;
  labeler_id: string;
  form_version_id: string | null;
  shuffle_seed: number;
  context: unknown;
  responses: unknown;
  form_definition: string | null;
  r_id: string | null;
  r_assignment_id: string;
  r_item_id: string;
  r_answer: unknown;
  r_display_order: unknown;
  r_duration_ms: number | null;
  r_created_at: Date;
  r_form_version: number | null;
};

/**
 * The prior answer under this Idempotency-Key (if any) and the caller's own assignment with its item's
 * responses and form, in one read. Throws as findReplay and loadOwnAssignment do.
 */
export async function loadForSubmit(
  pool: pg.Pool,
  input: { assignmentId: string; labelerId: string; idempotencyKey?: string },
): Promise<{ replay: TReplay } | { assignment: TSubmitTarget }> {
  const { rows } = await pool.query<TRow>({
    name: "submit-load",
    text: `SELECT a.id, a.project_id, a.item_id, a.labeler_id, a.form_version_id, a.shuffle_seed, a.context,
                  i.responses, f.definition::text AS form_definition,
                  r.id AS r_id, r.assignment_id AS r_assignment_id, r.item_id AS r_item_id, r.answer AS r_answer,
                  r.display_order AS r_display_order, r.duration_ms AS r_duration_ms, r.created_at AS r_created_at,
                  rf.version AS r_form_version
           FROM (SELECT 1) one
           LEFT JOIN assignments a ON a.id = $1::uuid
           LEFT JOIN items i ON i.id = a.item_id
           LEFT JOIN form_versions f ON f.id = a.form_version_id
           LEFT JOIN annotations r ON $3::text IS NOT NULL AND r.labeler_id = $2::uuid AND r.idempotency_key = $3::text
           LEFT JOIN form_versions rf ON rf.id = r.form_version_id`,
    values: [input.assignmentId, input.labelerId, input.idempotencyKey ?? null],
  });
  const row = rows[0] as TRow;
  if (row.r_id) {
    if (row.r_assignment_id !== input.assignmentId) {
      throw new AppError("CONFLICT", "This Idempotency-Key was already used for another assignment");
    }
    const replay = {
      id: row.r_id,
      assignmentId: row.r_assignment_id,
      itemId: row.r_item_id,
      answer: row.r_answer,
      displayOrder: row.r_display_order,
      durationMs: row.r_duration_ms,
      createdAt: row.r_created_at,
      formVersion: row.r_form_version === null ? null : { version: row.r_form_version },
    } as TReplay;
    return { replay };
  }
  if (!row.id || row.labeler_id !== input.labelerId) throw notFound("Assignment");
  return {
    assignment: {
      id: row.id,
      projectId: row.project_id,
      itemId: row.item_id,
      labelerId: row.labeler_id,
      formVersionId: row.form_version_id,
      shuffleSeed: row.shuffle_seed,
      context: row.context,
      item: { responses: row.responses },
      form: row.form_definition === null ? null : parseFormText(row.form_definition),
    },
  };
}

/**
 * What the submit statement learns on the way, so that nothing after it reads it again: whether the
 * answer is a honeypot's that scoring must look at, and the project and membership that `?next=1`
 * needs to check access and lease the next task.
 */
export type TSubmitFacts = {
  submittedAt: Date;
  scored: boolean;
  project: { id: string; overlap: number; leaseSeconds: number; settings: unknown };
  memberStatus: MemberStatus | null;
};
export type TFactsRow = {
  x_submitted_at: Date;
  x_scored: boolean;
  x_project_id: string;
  x_overlap: number;
  x_lease_seconds: number;
  x_settings: unknown;
  x_member_status: MemberStatus | null;
};

/**
 * Flips the live lease to SUBMITTED, counts the answer on its item and stores it, as one statement (so
 * one implicit transaction, no BEGIN/COMMIT round trips), and returns it with its `TSubmitFacts`. Null when the lease was not live (or, with
 * `served`, not as served): the caller's full path then reads it back and says why (a twin's replay,
 * already answered, skipped, expired).
 */
export async function writeAnnotation(
  pool: pg.Pool,
  input: {
    assignmentId: string;
    labelerId: string;
    answer: unknown;
    displayOrder: string[];
    durationMs: number | null;
    idempotencyKey: string | null;
    /** Checked against the task as served, not as read back: the lease must still be exactly that. */
    served?: { itemId: string; formVersionId: string; context: unknown };
  },
): Promise<{ row: TReplay; facts: TSubmitFacts } | null> {
  const served = input.served;
  try {
    const { rows } = await pool.query<TRow & TFactsRow>({
      name: served ? "submit-write-served" : "submit-write",
      text: submitWriteSql(!!served),
      values: [
        input.assignmentId,
        input.labelerId,
        JSON.stringify(input.answer),
        JSON.stringify(input.displayOrder),
        input.durationMs,
        input.idempotencyKey,
        ...(served ? [served.itemId, served.formVersionId, JSON.stringify(served.context)] : []),
      ],
    });
    return readWritten(rows[0]);
  } catch (err) {
    throw idempotencyClash(err) ?? err;
  }
}

/** The same key sent at the same time for two different assignments: the second insert meets the first. */
export function idempotencyClash(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string };
  return e.code === "23505" && /idempotency/.test(String(e.constraint))
    ? new AppError("CONFLICT", "This Idempotency-Key was already used for another assignment")
    : null;
}

/** The answer and facts from the write's row (`submitWriteSql`); null when it wrote nothing. */
export function readWritten(row: (TRow & TFactsRow) | undefined): { row: TReplay; facts: TSubmitFacts } | null {
  if (!row?.r_id) return null;
  return {
    row: {
      id: row.r_id,
      assignmentId: row.r_assignment_id,
      itemId: row.r_item_id,
      answer: row.r_answer,
      displayOrder: row.r_display_order,
      durationMs: row.r_duration_ms,
      createdAt: row.r_created_at,
      formVersion: row.r_form_version === null ? null : { version: row.r_form_version },
    } as TReplay,
    facts: {
      submittedAt: row.x_submitted_at,
      scored: row.x_scored,
      project: { id: row.x_project_id, overlap: row.x_overlap, leaseSeconds: row.x_lease_seconds, settings: row.x_settings },
      memberStatus: row.x_member_status,
    },
  };
}
