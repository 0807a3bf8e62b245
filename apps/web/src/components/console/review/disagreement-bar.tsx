/** Disagreement (0..1) as a bar with its number; null when fewer than two labelers answered. */
export function DisagreementBar({ value }: { value: number | null }) {
  if (value === null) return <span className="muted">n/a</span>;
  const pct = Math.round(value * 100);
  const tone = value >= 0.5 ? "danger" : value >= 0.25 ? "warning" : "success";
  return (
    <span className="review-bar" data-testid="disagreement" data-value={value.toFixed(3)}>
      <span className="review-bar-track" aria-hidden="true">
        <span className="review-bar-fill" data-tone={tone} style={{ width: `${Math.max(pct, 2)}%` }} />
      </span>
      <span className="review-bar-num">{pct}%</span>
    </span>
  );
}
