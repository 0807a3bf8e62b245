import type { ReactNode } from "react";

/**
 * A labelled control with its hint and its error, wired for assistive technology: pass the
 * returned ids to the control (`aria-describedby`, `aria-invalid`) via `control`.
 */
export function Field({
  id,
  label,
  hint,
  error,
  wide,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  wide?: boolean;
  children: (a11y: { id: string; "aria-describedby"?: string; "aria-invalid"?: true }) => ReactNode;
}) {
  const described = [hint && !error ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={wide ? "f f-wide" : "f"}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": described, ...(error ? { "aria-invalid": true as const } : {}) })}
      {hint && !error && (
        <span className="f-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="f-error" id={`${id}-error`} data-testid="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
