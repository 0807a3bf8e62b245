import type { TAlphaResult } from "@rankwise/shared";

const REASONS: Record<string, string> = {
  NO_PAIRABLE_VALUES: "not enough overlap",
  NO_VARIATION: "no variation",
  INVALID_INPUT: "not computable",
  LENGTH_MISMATCH: "not computable",
  NO_VALID_RESAMPLES: "no interval",
};

/** "0.88 [0.81, 0.92]", or why there is no value ("not enough overlap"). */
export function alphaText(r: TAlphaResult, withCi = false): string {
  if (r.alpha === null) return r.reason ? (REASONS[r.reason] ?? "not computable") : "—";
  const ci = withCi && r.ci ? ` [${r.ci.lower.toFixed(2)}, ${r.ci.upper.toFixed(2)}]` : "";
  return `${r.alpha.toFixed(2)}${ci}`;
}

export function percent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? "—" : `${Math.round(ratio * 100)}%`;
}

/** "42 s", "3.5 min", "1.2 h". */
export function duration(ms: number | null): string {
  if (ms === null) return "—";
  const s = ms / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** A ranking habit worth a look: the first-shown response lands on top much more (or less) often than chance. */
export function positionBiasFlag(bias: { rankings: number; firstInTop: number | null; expected: number | null }): boolean {
  return bias.rankings >= 20 && bias.firstInTop !== null && bias.expected !== null && Math.abs(bias.firstInTop - bias.expected) >= 0.15;
}
