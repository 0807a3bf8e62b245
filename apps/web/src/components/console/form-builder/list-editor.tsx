"use client";

import type { ReactNode } from "react";
import { moveItem } from "./form-draft.ts";

/**
 * An ordered list edited in place (strength labels, choice options, rules): each row has its
 * fields plus move up / move down / remove buttons, so no row needs a mouse to reorder.
 */
export function ListEditor<T>({
  items,
  onChange,
  renderRow,
  makeNew,
  addLabel,
  itemName,
  min = 0,
  max = 50,
  error,
}: {
  items: readonly T[];
  onChange: (next: T[]) => void;
  renderRow: (item: T, index: number, update: (next: T) => void) => ReactNode;
  makeNew: () => T;
  addLabel: string;
  itemName: (item: T, index: number) => string;
  min?: number;
  max?: number;
  error?: string;
}) {
  return (
    <div className="stack-sm">
      <ol className="list-editor">
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position while being typed
          <li key={i}>
            {renderRow(item, i, (next) => onChange(items.map((x, j) => (j === i ? next : x))))}
            <div className="row-actions">
              <button
                type="button"
                className="icon-btn"
                aria-label={`Move ${itemName(item, i)} up`}
                disabled={i === 0}
                onClick={() => onChange(moveItem(items, i, i - 1))}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-btn"
                aria-label={`Move ${itemName(item, i)} down`}
                disabled={i === items.length - 1}
                onClick={() => onChange(moveItem(items, i, i + 1))}
              >
                ↓
              </button>
              <button
                type="button"
                className="icon-btn"
                aria-label={`Remove ${itemName(item, i)}`}
                disabled={items.length <= min}
                onClick={() => onChange(items.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </div>
          </li>
        ))}
      </ol>
      {error && <span className="f-error">{error}</span>}
      <div>
        <button type="button" className="btn btn-sm" onClick={() => onChange([...items, makeNew()])} disabled={items.length >= max}>
          + {addLabel}
        </button>
      </div>
    </div>
  );
}
