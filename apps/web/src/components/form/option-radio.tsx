import type { ReactNode } from "react";

type TProps = {
  name: string;
  value: string;
  checked: boolean;
  disabled?: boolean;
  onSelect: () => void;
  /** What is drawn; `name` is read instead when the face is only a symbol or number. */
  face: ReactNode;
  accessibleName?: string;
  /** Keys that pick this option (besides its position digit), space-separated. */
  keys?: string;
  tone?: "good" | "neutral" | "bad" | "accent";
  className?: string;
  title?: string;
  testId?: string;
};

/**
 * A native radio drawn as a segment: arrows move within its group, Tab enters the group once,
 * and the visible focus ring sits on the segment (CSS :has(:focus-visible)).
 */
export function OptionRadio({
  name,
  value,
  checked,
  disabled,
  onSelect,
  face,
  accessibleName,
  keys,
  tone,
  className,
  title,
  testId,
}: TProps) {
  return (
    <label className={className ? `seg ${className}` : "seg"} data-tone={tone} title={title}>
      <input
        type="radio"
        className="seg-input"
        name={name}
        value={value}
        checked={checked}
        disabled={disabled}
        onChange={onSelect}
        aria-label={accessibleName}
        data-keys={keys}
        data-testid={testId}
      />
      <span className="seg-face" aria-hidden={accessibleName ? true : undefined}>
        {face}
      </span>
    </label>
  );
}
