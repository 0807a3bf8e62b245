/**
 * Keyboard movement between the answer cells of one question. A cell is one thing to answer: a
 * rating row, a rule verdict, a step label. Cells sit on a grid of (response, row): `j`/`k` walk
 * through one response's rows and on to the next response; `[`/`]` jump to the same row of the
 * previous/next response. Pure, so it can be tested without a DOM.
 */
export type TCellPos = { response: number; row: number };

export type TCellMove = "next" | "prev" | "next-response" | "prev-response";

function compare(a: TCellPos, b: TCellPos): number {
  return a.response - b.response || a.row - b.row;
}

/** The index (into `cells`) to move to, or null to stay. `cells` may be in any order. */
export function moveCell(cells: readonly TCellPos[], current: number, move: TCellMove): number | null {
  const here = cells[current];
  if (!here) return null;
  const order = cells.map((c, i) => ({ c, i })).sort((x, y) => compare(x.c, y.c));
  const at = order.findIndex((o) => o.i === current);
  if (move === "next") return order[at + 1]?.i ?? null;
  if (move === "prev") return at > 0 ? (order[at - 1]?.i ?? null) : null;
  const responses = [...new Set(order.map((o) => o.c.response))];
  const r = responses.indexOf(here.response) + (move === "next-response" ? 1 : -1);
  const target = responses[r];
  if (target === undefined) return null;
  const rows = order.filter((o) => o.c.response === target);
  // The same row if that response has it, else its nearest one.
  let best = rows[0];
  for (const o of rows) if (Math.abs(o.c.row - here.row) < Math.abs((best?.c.row ?? 0) - here.row)) best = o;
  return best?.i ?? null;
}

/** Digit keys pick options by position: 1 is the first, 0 the tenth. */
export function digitIndex(key: string): number | null {
  if (!/^[0-9]$/.test(key)) return null;
  const d = Number(key);
  return d === 0 ? 9 : d - 1;
}
