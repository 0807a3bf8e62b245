import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

type TFieldProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  wide?: boolean;
};

/** `data-testid` is not in React's attribute types; the console's controls all carry one. */
type TTestId = { "data-testid"?: string };

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
}: TFieldProps & {
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

/** A Field holding one `<input>`; `input` takes the input's own attributes (type, value, onChange, …). */
export function InputField({ input, ...field }: TFieldProps & { input: InputHTMLAttributes<HTMLInputElement> & TTestId }) {
  return <Field {...field}>{(a11y) => <input {...a11y} type="text" {...input} />}</Field>;
}

/** A Field holding one `<select>` over `[value, label]` options. */
export function SelectField<T extends string>({
  options,
  select,
  ...field
}: TFieldProps & {
  options: readonly (readonly [T, ReactNode])[];
  select: SelectHTMLAttributes<HTMLSelectElement> & TTestId;
}) {
  return (
    <Field {...field}>
      {(a11y) => (
        <select {...a11y} {...select}>
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * A checkbox with its label and an optional note under it. `boxed` puts it in a field cell of a
 * `.fields` grid, so it lines up with the inputs around it.
 */
export function CheckField({
  label,
  note,
  checked,
  onChange,
  disabled,
  testId,
  boxed,
}: {
  label: ReactNode;
  note?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  testId?: string;
  boxed?: boolean;
}) {
  const check = (
    <label className="check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span>
        {label}
        {note && <small>{note}</small>}
      </span>
    </label>
  );
  return boxed ? <div className="f">{check}</div> : check;
}

/** The attributes of a number `<input>`: whole-number steps get the numeric keypad, others the decimal one. */
export function numeric(min?: number, max?: number, step?: number | "any"): InputHTMLAttributes<HTMLInputElement> {
  const whole = step === undefined || (typeof step === "number" && Number.isInteger(step));
  return { type: "number", inputMode: whole ? "numeric" : "decimal", min, max, step };
}
