/**
 * Keyboard model of a rendered form, read from data attributes so each question type only marks up
 * its cells (see form-navigation.ts for the grid):
 * - `[data-question-id]` on each question (a fieldset, focusable with tabIndex -1);
 * - `[data-cell]` on each thing to answer, with `data-response-index`, `data-row`,
 *   `data-answered`, and `data-advance` when answering it by key moves on to the next cell;
 * - options inside a cell are radios/checkboxes; `data-keys` on an option lists its own keys
 *   (steps: + 0 -); otherwise digits pick options by position.
 */
import type { KeyboardEvent } from "react";
import { flushSync } from "react-dom";
import { digitIndex, moveCell, type TCellMove } from "../../lib/form-navigation.ts";

const QUESTION = "[data-question-id]";
const CELL = "[data-cell]";

const lastFocused = new WeakMap<Element, HTMLElement>();
const lastQuestion = new WeakMap<Element, HTMLElement>();

const TEXT_INPUT_TYPES = new Set(["text", "search", "email", "number", "password", "url", "tel", ""]);

/** Typing into a field: keys are text, not shortcuts. Radios and checkboxes are not typing. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

function controlIn(cell: Element): HTMLElement | null {
  return (
    cell.querySelector<HTMLElement>("input:checked:not(:disabled)") ??
    cell.querySelector<HTMLElement>("input:not(:disabled), textarea:not(:disabled), select:not(:disabled), button:not(:disabled)")
  );
}

function cellsOf(question: Element): HTMLElement[] {
  return [...question.querySelectorAll<HTMLElement>(CELL)].filter((c) => controlIn(c) !== null);
}

function focusEl(el: HTMLElement): void {
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "nearest" });
}

export function focusCell(cell: Element): boolean {
  const control = controlIn(cell);
  if (control) focusEl(control);
  return control !== null;
}

/** The nearest ancestor that scrolls (the task page's answers panel), if any. */
function scrollBox(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if ((overflowY === "auto" || overflowY === "scroll") && p.scrollHeight > p.clientHeight) return p;
  }
  return null;
}

/**
 * Moving to a question shows it from its title (where its instructions are), as far as that
 * keeps the focused control in view too. Inside a scrolling panel only the panel scrolls.
 */
function reveal(question: HTMLElement, control: HTMLElement): void {
  const box = scrollBox(question);
  if (!box) {
    control.scrollIntoView({ block: "nearest" });
    return;
  }
  const margin = 8;
  const b = box.getBoundingClientRect();
  const q = question.getBoundingClientRect();
  const c = control.getBoundingClientRect();
  let delta = q.top - b.top - margin;
  if (c.bottom - delta > b.bottom - margin) delta = c.bottom - b.bottom + margin;
  box.scrollTop += delta;
}

/** Focus a question where the labeler left it, else its first unanswered cell, else its first. */
export function focusQuestion(question: HTMLElement, options: { scroll?: boolean } = {}): void {
  const remembered = lastFocused.get(question);
  const usable = remembered?.isConnected && question.contains(remembered) && !(remembered as HTMLInputElement).disabled;
  const cells = cellsOf(question);
  const cell = cells.find((c) => c.dataset.answered === "false") ?? cells[0];
  const control = (usable ? remembered : null) ?? (cell ? controlIn(cell) : null) ?? question;
  control.focus({ preventScroll: true });
  if (options.scroll !== false) reveal(question, control);
}

/** Called on every focus change inside a form: where to come back to. */
export function rememberFocus(root: HTMLElement, target: HTMLElement): void {
  const question = target.closest<HTMLElement>(QUESTION);
  if (!question || target === question) return;
  lastFocused.set(question, target);
  lastQuestion.set(root, question);
}

function questionsOf(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(QUESTION)];
}

/**
 * For the host page: focus the question the labeler was last in (`current`), the first one, or
 * one by id (e.g. the first with an error). `scroll: false` leaves the page where it is (a new
 * task starts at the prompt). Returns false when the form has no such question.
 */
export function focusFormQuestion(
  root: HTMLElement | null,
  which: "current" | "first" | { id: string },
  options: { scroll?: boolean } = {},
): boolean {
  if (!root) return false;
  const questions = questionsOf(root);
  let target: HTMLElement | undefined;
  if (which === "current") {
    const last = lastQuestion.get(root);
    target = last?.isConnected ? last : questions[0];
  } else if (which === "first") {
    target = questions[0];
  } else {
    target = questions.find((q) => q.dataset.questionId === which.id);
  }
  if (!target) return false;
  focusQuestion(target, options);
  return true;
}

function cellPos(cell: HTMLElement) {
  return { response: Number(cell.dataset.responseIndex ?? 0), row: Number(cell.dataset.row ?? 0) };
}

function moveWithin(question: HTMLElement, from: HTMLElement | null, move: TCellMove): void {
  const cells = cellsOf(question);
  if (cells.length === 0) return;
  const current = from ? cells.indexOf(from) : -1;
  if (current === -1) {
    focusQuestion(question);
    return;
  }
  const to = moveCell(cells.map(cellPos), current, move);
  const target = to === null ? undefined : cells[to];
  if (target) focusCell(target);
}

function pickOption(cell: HTMLElement, key: string): HTMLInputElement | null {
  const options = [...cell.querySelectorAll<HTMLInputElement>("input[type=radio], input[type=checkbox]")];
  const keyed = options.find((o) => o.dataset.keys?.split(" ").includes(key));
  if (keyed) return keyed;
  if (cell.dataset.keysOnly !== undefined) return null;
  const i = digitIndex(key);
  return i === null ? null : (options[i] ?? null);
}

/** The form's own keys: n/p questions, j/k and [/] cells, digits (and data-keys) options, Esc out of text. */
export function handleFormKeyDown(event: KeyboardEvent<HTMLElement>, root: HTMLElement): void {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target as HTMLElement;
  if (target.closest("dialog")) return;
  const question = target.closest<HTMLElement>(QUESTION);
  if (!question || !root.contains(question)) return;
  const { key } = event;

  if (isTextEntry(target)) {
    // Esc leaves the field without losing it, so n/p and the page keys work again.
    if (key === "Escape") {
      event.preventDefault();
      question.focus();
    }
    return;
  }

  if (key === "n" || key === "p") {
    const questions = questionsOf(root);
    const next = questions[questions.indexOf(question) + (key === "n" ? 1 : -1)];
    event.preventDefault();
    if (next) focusQuestion(next);
    return;
  }

  const cell = target.closest<HTMLElement>(CELL);
  const moves: Record<string, TCellMove> = { j: "next", k: "prev", "]": "next-response", "[": "prev-response" };
  const move = moves[key];
  if (move) {
    event.preventDefault();
    moveWithin(question, cell, move);
    return;
  }

  // No Shift check: `+` is Shift+= on many layouts; digits with Shift produce other keys anyway.
  if (!cell) return;
  const option = pickOption(cell, key);
  if (!option) return;
  event.preventDefault();
  if (option.disabled) return;
  const isRadio = option.type === "radio";
  // Render now, so the next cell is already enabled (steps after a −1) when focus moves on.
  if (!(isRadio && option.checked)) flushSync(() => option.click());
  option.focus({ preventScroll: true });
  if (isRadio && cell.dataset.advance !== undefined) {
    const cells = cellsOf(question);
    const to = moveCell(cells.map(cellPos), cells.indexOf(cell), "next");
    const nextCell = to === null ? undefined : cells[to];
    if (nextCell) focusCell(nextCell);
  }
}
