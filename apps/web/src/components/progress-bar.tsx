/** A thin completion bar; `value` is 0..1. The label names it for assistive technology. */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <div className="progress-fill" data-complete={pct >= 100} style={{ width: `${pct}%` }} />
    </div>
  );
}
