import type { TFormDefinition, TResponse } from "@rankwise/shared";

/**
 * What this process served with each live lease: enough to check the labeler's answer without
 * reading the assignment back. Only a shortcut: the submit's write re-checks in the database that
 * the lease is still this labeler's, live and served exactly so (item, form version, context), and
 * anything else takes the full path (read, check, write).
 */
export type TServedTask = {
  labelerId: string;
  /** The project as it was when the task was leased: the next lease after the submit re-checks it in the database. */
  project: { id: string; overlap: number; leaseSeconds: number; settings: unknown };
  itemId: string;
  formVersionId: string;
  shuffleSeed: number;
  context: { pairs?: Record<string, [string, string]> };
  responses: TResponse[];
  form: TFormDefinition;
  expiresAt: number;
};

const MAX_ENTRIES = 10_000;
const served = new Map<string, TServedTask>();

export function rememberServedTask(assignmentId: string, task: TServedTask) {
  served.delete(assignmentId);
  if (served.size >= MAX_ENTRIES) {
    // Oldest first (insertion order): leases are served and answered in roughly that order.
    const oldest = served.keys().next().value;
    if (oldest !== undefined) served.delete(oldest);
  }
  served.set(assignmentId, task);
}

/** The task as served to this labeler, once: a second submit of the same assignment takes the full path. */
export function takeServedTask(assignmentId: string, labelerId: string): TServedTask | null {
  const task = served.get(assignmentId);
  if (!task) return null;
  served.delete(assignmentId);
  return task.labelerId === labelerId && task.expiresAt > Date.now() ? task : null;
}
