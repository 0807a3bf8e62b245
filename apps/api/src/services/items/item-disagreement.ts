import { kendallW, MetricError, rankingPositions, type TFormDefinition } from "@rankwise/shared";

/**
 * 1 − Kendall's W of the labelers' rankings, averaged over the form's ranking questions.
 * Null when no ranking question has at least two usable answers. A question whose answers
 * tie every response (W undefined) is left out rather than counted as agreement.
 */
export function computeDisagreement(
  form: TFormDefinition | null,
  responseIds: readonly string[],
  answers: readonly Record<string, unknown>[],
): number | null {
  if (!form || responseIds.length < 2) return null;
  const scores: number[] = [];
  for (const question of form.questions) {
    if (question.type !== "ranking") continue;
    const rows: number[][] = [];
    for (const answer of answers) {
      const tiers = answer[question.id];
      if (!isTiers(tiers)) continue;
      const coded = rankingPositions(tiers, responseIds);
      const byId = new Map(coded.keys.map((k, i) => [k, coded.values[i] as number]));
      if (responseIds.some((id) => !byId.has(id))) continue;
      rows.push(responseIds.map((id) => byId.get(id) as number));
    }
    if (rows.length < 2) continue;
    try {
      scores.push(clamp01(1 - kendallW(rows)));
    } catch (err) {
      if (!(err instanceof MetricError)) throw err;
    }
  }
  if (scores.length === 0) return null;
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

function isTiers(value: unknown): value is string[][] {
  return Array.isArray(value) && value.every((t) => Array.isArray(t) && t.every((id) => typeof id === "string"));
}

// Floating point can land a hair outside [0, 1].
function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
