import type { TTrainingRunStatus } from "@rankwise/shared";

/** Runs only move forward: PENDING → RUNNING → one terminal state. Repeating RUNNING is progress, not a move. */
const STAGE: Record<TTrainingRunStatus, number> = { PENDING: 0, RUNNING: 1, SUCCEEDED: 2, FAILED: 2, CANCELLED: 2 };

/** Why an event cannot be applied to a run in `from`, or null when it can. Pure, so the rules are unit-tested. */
export function transitionError(from: TTrainingRunStatus, to: TTrainingRunStatus | undefined): string | null {
  if (STAGE[from] === 2) return `The training run is ${from}; a finished run accepts no more events`;
  if (to === undefined) return null;
  if (STAGE[to] < STAGE[from]) return `A training run cannot go back from ${from} to ${to}`;
  return null;
}
