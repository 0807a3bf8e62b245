/**
 * The ranking a labeler is building, as the UI holds it: response ids best→worst plus, per
 * position, whether that response is tied with the one directly above it. A run of tied
 * positions is one tier of the API's `string[][]` ranking.
 *
 * Every function here is pure and returns a new state; invalid moves return the input unchanged
 * so callers can compare by reference to tell whether anything happened.
 */
export type TRankingState = {
  readonly order: readonly string[];
  /** Same length as `order`; position 0 is always false. */
  readonly tiedWithPrevious: readonly boolean[];
};

export type TApiRanking = string[][];

export function createRanking(ids: readonly string[]): TRankingState {
  return { order: [...ids], tiedWithPrevious: ids.map(() => false) };
}

function normalize(order: string[], tied: boolean[]): TRankingState {
  if (tied.length > 0) tied[0] = false;
  return { order, tiedWithPrevious: tied };
}

/** Competition ranks ("1, 2, 2, 4"): a tier shares the rank of its first position. */
export function rankNumbers(state: TRankingState): number[] {
  const ranks: number[] = [];
  state.order.forEach((_, i) => {
    const prev = ranks[i - 1];
    ranks.push(i > 0 && state.tiedWithPrevious[i] && prev !== undefined ? prev : i + 1);
  });
  return ranks;
}

/** Tiers best first: `[["r2"], ["r1", "r3"], ["r4"]]`, the shape the API stores. */
export function toApiRanking(state: TRankingState): TApiRanking {
  const tiers: string[][] = [];
  state.order.forEach((id, i) => {
    const last = tiers[tiers.length - 1];
    if (i > 0 && state.tiedWithPrevious[i] && last) last.push(id);
    else tiers.push([id]);
  });
  return tiers;
}

export function fromApiRanking(ranking: readonly (readonly string[])[]): TRankingState {
  const order: string[] = [];
  const tied: boolean[] = [];
  for (const tier of ranking) {
    tier.forEach((id, j) => {
      order.push(id);
      tied.push(j > 0);
    });
  }
  return normalize(order, tied);
}

/** True when the state ranks exactly these ids, each once (e.g. a restored draft still fits). */
export function isRankingOf(state: TRankingState, ids: readonly string[]): boolean {
  if (state.order.length !== ids.length || state.tiedWithPrevious.length !== ids.length) return false;
  const wanted = new Set(ids);
  return new Set(state.order).size === ids.length && state.order.every((id) => wanted.has(id));
}

/**
 * Moves the response at `from` so that it ends up at index `to` (arrayMove semantics, as a drag
 * drop reports it). Ties stay attached to the responses that did not move:
 * - leaving a tier closes the gap (the others stay tied to each other);
 * - landing between two tied responses joins their tier, landing anywhere else starts a new one.
 * So a one-step move past a tier of two goes: below it → inside it (tied) → above it.
 */
export function moveResponse(state: TRankingState, from: number, to: number): TRankingState {
  const n = state.order.length;
  if (from === to || from < 0 || to < 0 || from >= n || to >= n) return state;
  const order = [...state.order];
  const tied = [...state.tiedWithPrevious];
  const [moved] = order.splice(from, 1);
  const [movedTied] = tied.splice(from, 1);
  if (moved === undefined) return state;
  // The response that was below the moved one was tied to it only if the moved one was not
  // the head of its tier; otherwise it becomes the new head.
  if (from < tied.length && tied[from]) tied[from] = movedTied === true;
  const joins = to > 0 && to < order.length && tied[to] === true;
  order.splice(to, 0, moved);
  tied.splice(to, 0, joins);
  return normalize(order, tied);
}

export function moveUp(state: TRankingState, index: number): TRankingState {
  return moveResponse(state, index, index - 1);
}

export function moveDown(state: TRankingState, index: number): TRankingState {
  return moveResponse(state, index, index + 1);
}

/** Ties (or unties) the response at `index` with the one directly above it. */
export function toggleTie(state: TRankingState, index: number): TRankingState {
  if (index <= 0 || index >= state.order.length) return state;
  const tied = [...state.tiedWithPrevious];
  tied[index] = !tied[index];
  return normalize([...state.order], tied);
}
