"use client";

import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  type Modifier,
  PointerSensor,
  type ScreenReaderInstructions,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { type KeyboardEvent, type Ref, useCallback, useId, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from "react";
import { moveResponse, rankNumbers, type TRankingState, toggleTie } from "../lib/ranking-state.ts";
import { RankRow, type TBracketPart } from "./rank-row.tsx";

export type TBoardResponse = { id: string; letter: string; hue: number; snippet: string };

/** Lets the page move focus into the list (`j` from anywhere, or after a new task loads). */
export type TRankingBoardHandle = { focus: (position: "first" | "last-focused") => void };

type TProps = {
  responses: ReadonlyMap<string, TBoardResponse>;
  state: TRankingState;
  disabled: boolean;
  onChange: (next: TRankingState, announcement: string) => void;
  onSubmit: () => void;
  onFocusResponse: (id: string | null) => void;
  /** False: `t` and the tie buttons only explain that this question has no ties. */
  allowTies?: boolean;
  /** Rank only the best k: rows from position k on are shown as one unranked bottom group. */
  cutoff?: number | null;
  /** Names the list for assistive technology (a form may hold more than one ranking). */
  label?: string;
  ref?: Ref<TRankingBoardHandle>;
};

const SCREEN_READER_INSTRUCTIONS: ScreenReaderInstructions = {
  draggable:
    "Ranking, best first. Up and down arrows focus the previous or next response. " +
    "Shift plus up or down arrow moves this response. T ties it with the response above. Enter submits. " +
    "To drag instead, press Space, move with the arrow keys, and press Space again to drop or Escape to cancel.",
};

/** Rows only move vertically, so a drag cannot wander over the responses. */
const restrictToVerticalAxis: Modifier = ({ transform }) => ({ ...transform, x: 0 });

function bracketParts(state: TRankingState): TBracketPart[] {
  const n = state.order.length;
  return state.order.map((_, i) => {
    const tiedUp = i > 0 && state.tiedWithPrevious[i] === true;
    const tiedDown = i + 1 < n && state.tiedWithPrevious[i + 1] === true;
    if (tiedUp && tiedDown) return "middle";
    if (tiedUp) return "end";
    if (tiedDown) return "start";
    return "none";
  });
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** The sortable ranking: drag with pointer or keyboard, or use the row shortcuts. */
export function RankingBoard(props: TProps) {
  const { responses, state, disabled, onChange, onSubmit, onFocusResponse, ref } = props;
  const allowTies = props.allowTies ?? true;
  const cutoff = props.cutoff ?? null;
  const dndId = useId();
  const handles = useRef(new Map<string, HTMLElement>());
  const pendingFocus = useRef<string | null>(null);
  const lastFocused = useRef<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      // Enter is the submit key, so only Space picks a response up.
      keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] },
    }),
  );

  const ranks = useMemo(() => rankNumbers(state), [state]);
  const brackets = useMemo(() => bracketParts(state), [state]);
  const total = state.order.length;

  const letterOf = useCallback((id: UniqueIdentifier) => responses.get(String(id))?.letter ?? String(id), [responses]);
  const positionOf = useCallback((id: UniqueIdentifier) => state.order.indexOf(String(id)) + 1, [state.order]);

  const announcements: Announcements = useMemo(
    () => ({
      onDragStart: ({ active }) => `Picked up Response ${letterOf(active.id)}, at position ${positionOf(active.id)} of ${total}.`,
      onDragOver: ({ active, over }) =>
        over
          ? `Response ${letterOf(active.id)} is over position ${positionOf(over.id)} of ${total}.`
          : `Response ${letterOf(active.id)} is not over a position.`,
      onDragEnd: ({ active, over }) =>
        over
          ? `Response ${letterOf(active.id)} dropped at position ${positionOf(over.id)} of ${total}.`
          : `Response ${letterOf(active.id)} dropped.`,
      onDragCancel: ({ active }) =>
        `Moving cancelled. Response ${letterOf(active.id)} is back at position ${positionOf(active.id)} of ${total}.`,
    }),
    [letterOf, positionOf, total],
  );

  // Keep focus on the response that moved: reordering DOM nodes can blur it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after every ranking change on purpose
  useLayoutEffect(() => {
    const id = pendingFocus.current;
    if (!id) return;
    pendingFocus.current = null;
    const el = handles.current.get(id);
    if (el && document.activeElement !== el) el.focus({ preventScroll: true });
    el?.scrollIntoView({ block: "nearest" });
  }, [state]);

  const focusAt = useCallback(
    (index: number) => {
      const id = state.order[Math.max(0, Math.min(state.order.length - 1, index))];
      const el = id ? handles.current.get(id) : undefined;
      el?.focus();
      el?.scrollIntoView({ block: "nearest" });
    },
    [state.order],
  );

  useImperativeHandle(
    ref,
    () => ({
      focus: (position) => {
        const last = lastFocused.current;
        const index = position === "last-focused" && last ? state.order.indexOf(last) : 0;
        focusAt(Math.max(0, index));
      },
    }),
    [focusAt, state.order],
  );

  const describe = useCallback(
    (next: TRankingState, id: string): string => {
      const i = next.order.indexOf(id);
      const rank = rankNumbers(next)[i];
      const tiedWith = next.order
        .filter((other, j) => other !== id && rankNumbers(next)[j] === rank)
        .map((other) => `Response ${letterOf(other)}`);
      return `Response ${letterOf(id)} is now rank ${rank} of ${next.order.length}${tiedWith.length ? `, tied with ${tiedWith.join(" and ")}` : ""}.`;
    },
    [letterOf],
  );

  const move = useCallback(
    (index: number, direction: -1 | 1) => {
      const id = state.order[index];
      const next = moveResponse(state, index, index + direction);
      if (!id || next === state) return;
      pendingFocus.current = id;
      onChange(next, describe(next, id));
    },
    [state, onChange, describe],
  );

  const tie = useCallback(
    (index: number) => {
      const id = state.order[index];
      if (!id) return;
      if (!allowTies) {
        onChange(state, "Ties are not allowed in this question.");
        return;
      }
      if (index === 0) {
        onChange(state, `Response ${letterOf(id)} is first; there is no response above to tie it with.`);
        return;
      }
      const next = toggleTie(state, index);
      pendingFocus.current = id;
      onChange(
        next,
        next.tiedWithPrevious[index] ? describe(next, id) : `Response ${letterOf(id)} is no longer tied. ${describe(next, id)}`,
      );
    },
    [state, onChange, describe, letterOf, allowTies],
  );

  /** Digit d moves the response straight to position d (1 is best). */
  const moveTo = useCallback(
    (index: number, position: number) => {
      const id = state.order[index];
      const to = Math.min(state.order.length - 1, position);
      const next = moveResponse(state, index, to);
      if (!id) return;
      if (next === state) {
        onChange(state, `Response ${letterOf(id)} is already at position ${index + 1}.`);
        return;
      }
      pendingFocus.current = id;
      onChange(next, describe(next, id));
    },
    [state, onChange, describe, letterOf],
  );

  /** Returns true when the key was a ranking shortcut (and so must not reach dnd-kit). */
  const onHandleKeyDown = (event: KeyboardEvent<HTMLElement>, index: number): boolean => {
    if (dragging || disabled || isTyping(event.target)) return false;
    const { key, code, shiftKey, altKey, ctrlKey, metaKey } = event;
    const moveMod = shiftKey || altKey;
    const isUp = key === "ArrowUp" || code === "KeyK" || key === "[";
    const isDown = key === "ArrowDown" || code === "KeyJ" || key === "]";
    const digit = /^[1-9]$/.test(key) && !moveMod ? Number(key) : null;
    let handled = true;
    if (key === "Enter" && !shiftKey && !altKey) onSubmit();
    else if (ctrlKey || metaKey) handled = false;
    else if (isUp && moveMod) move(index, -1);
    else if (isDown && moveMod) move(index, 1);
    else if (isUp) focusAt(index - 1);
    else if (isDown) focusAt(index + 1);
    else if (key === "Home") focusAt(0);
    else if (key === "End") focusAt(state.order.length - 1);
    else if (code === "KeyT" && !altKey) tie(index);
    else if (digit !== null) moveTo(index, digit - 1);
    else handled = false;
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
    return handled;
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(false);
    if (!over || active.id === over.id) return;
    const from = state.order.indexOf(String(active.id));
    const to = state.order.indexOf(String(over.id));
    const next = moveResponse(state, from, to);
    if (next === state) return;
    pendingFocus.current = String(active.id);
    // dnd-kit announces the drop itself; the rank summary follows it.
    onChange(next, describe(next, String(active.id)));
  };

  return (
    <DndContext
      // A stable id keeps dnd-kit's accessibility ids equal on the server and the client.
      id={dndId}
      sensors={sensors}
      collisionDetection={closestCenter}
      modifiers={[restrictToVerticalAxis]}
      onDragStart={() => setDragging(true)}
      onDragCancel={() => setDragging(false)}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: SCREEN_READER_INSTRUCTIONS }}
    >
      <SortableContext items={state.order as string[]} strategy={verticalListSortingStrategy}>
        <ol className="rank-list" aria-label={props.label ?? "Ranking, best first"} data-testid="rank-list" data-rank-list="">
          {state.order.map((id, i) => {
            const r = responses.get(id);
            const prevId = i > 0 ? state.order[i - 1] : undefined;
            return (
              <RankRow
                key={id}
                id={id}
                index={i}
                total={total}
                letter={r?.letter ?? id}
                hue={r?.hue ?? 7}
                snippet={r?.snippet ?? ""}
                rank={ranks[i] ?? i + 1}
                tiedWithPrevious={i > 0 && state.tiedWithPrevious[i] === true}
                previousLetter={prevId ? (responses.get(prevId)?.letter ?? prevId) : null}
                bracket={brackets[i] ?? "none"}
                disabled={disabled}
                allowTies={allowTies}
                unranked={cutoff !== null && i >= cutoff}
                registerHandle={(rid, el) => {
                  if (el) handles.current.set(rid, el);
                  else handles.current.delete(rid);
                }}
                onHandleKeyDown={onHandleKeyDown}
                onFocusRow={(rid) => {
                  lastFocused.current = rid;
                  onFocusResponse(rid);
                }}
                onBlurRow={() => onFocusResponse(null)}
                onToggleTie={tie}
                onMove={move}
              />
            );
          })}
        </ol>
      </SortableContext>
    </DndContext>
  );
}
