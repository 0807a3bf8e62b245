"use client";

import type { TRankingQuestion } from "@rankwise/shared";
import { useCallback, useMemo } from "react";
import { isAnswered, rankingState, rankingValue } from "../../lib/form-answers.ts";
import { createRanking, toApiRanking, type TRankingState } from "../../lib/ranking-state.ts";
import { RankingBoard, type TBoardResponse } from "../ranking-board.tsx";
import { useFormHost } from "./form-host.ts";
import type { TQuestionProps } from "./types.ts";

/** The form tracks focus itself (rank rows carry data-response-id). */
const ignoreFocus = () => {};

/** A ranking question: the sortable board (drag, or keys), best at the top. */
export function RankingQuestion({ question, value, onAnswer, responses, disabled, announce }: TQuestionProps<TRankingQuestion>) {
  const host = useFormHost();
  const ids = useMemo(() => responses.map((r) => r.id), [responses]);
  const state = useMemo(() => rankingState(value, ids), [value, ids]);
  const board = useMemo(() => {
    const map = new Map<string, TBoardResponse>();
    for (const r of responses) map.set(r.id, { id: r.id, letter: r.letter, hue: r.hue, snippet: r.snippet });
    return map;
  }, [responses]);
  const letters = useMemo(() => new Map(responses.map((r) => [r.id, r.letter] as const)), [responses]);

  const onChange = useCallback(
    (next: TRankingState, message: string) => {
      if (next !== state) onAnswer(question.id, rankingValue(next, question.topK));
      announce(message);
    },
    [state, onAnswer, announce, question.id, question.topK],
  );
  const onSubmit = useCallback(() => host.onSubmit?.(), [host]);

  const tiers = toApiRanking(state);
  const summary = tiers.map((tier) => tier.map((id) => letters.get(id) ?? id).join(" = ")).join("  ›  ");
  const cutoff = question.topK !== null && question.topK < ids.length ? question.topK : null;

  return (
    <div
      className="ranking-question"
      data-cell=""
      data-response-index={0}
      data-row={0}
      data-answered={isAnswered(question, value, responses)}
    >
      <div className="rank-scale" aria-hidden="true">
        <span>Best</span>
      </div>
      <RankingBoard
        responses={board}
        state={state}
        disabled={disabled}
        onChange={onChange}
        onSubmit={onSubmit}
        onFocusResponse={ignoreFocus}
        allowTies={question.allowTies}
        cutoff={cutoff}
        label={`${question.title}: ranking, best first`}
      />
      <div className="rank-scale" aria-hidden="true">
        <span>{cutoff === null ? "Worst" : `Only the top ${cutoff} count`}</span>
      </div>
      <div className="ranking-foot">
        <p className="rank-summary" data-testid="rank-summary">
          <span className="visually-hidden">Current ranking, best first: </span>
          <code>{summary}</code>
        </p>
        <button
          type="button"
          className="btn btn-ghost btn-xs"
          disabled={disabled}
          onClick={() => onChange(createRanking(ids), "Ranking reset to the display order.")}
          data-testid="reset-ranking"
        >
          Reset order
        </button>
      </div>
    </div>
  );
}
