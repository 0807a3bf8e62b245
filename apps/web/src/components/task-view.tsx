"use client";

import type { TAnnotation, TCriterion, TTask } from "@rankwise/shared";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, apiFetch, redirectToLogin } from "../lib/api-client.ts";
import { createRanking, fromApiRanking, isRankingOf, rankNumbers, type TRankingState, toApiRanking } from "../lib/ranking-state.ts";
import { markdownSnippet, responseHue, responseLetter } from "../lib/response-labels.ts";
import { clearDraft, forgetIdempotencyKey, idempotencyKeyFor, loadDraft, saveDraft } from "../lib/task-storage.ts";
import { PromptThread } from "./prompt-thread.tsx";
import { RankingBoard, type TBoardResponse, type TRankingBoardHandle } from "./ranking-board.tsx";
import { ResponseCard } from "./response-card.tsx";
import { ShortcutOverlay } from "./shortcut-overlay.tsx";
import { SubmitError, type TSubmitError } from "./submit-error.tsx";

const MAX_DURATION_MS = 86_400_000;

type TProps = {
  task: TTask;
  criteria: TCriterion[];
  /** Focus the first response on mount (after a submit, so the keyboard flow continues). */
  autoFocus: boolean;
  announce: (message: string) => void;
  onSubmitted: () => void;
  onRequestNewTask: () => void;
};

function initialState(task: TTask): { ranking: TRankingState; startedAt: number } {
  const ids = task.item.responses.map((r) => r.id);
  const draft = typeof window === "undefined" ? null : loadDraft(task.assignmentId);
  if (draft) {
    const restored = fromApiRanking(draft.ranking);
    if (isRankingOf(restored, ids)) return { ranking: restored, startedAt: draft.startedAt };
  }
  return { ranking: createRanking(ids), startedAt: Date.now() };
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** One leased task: the prompt, the responses, and the ranking the labeler builds and submits. */
export function TaskView({ task, criteria, autoFocus, announce, onSubmitted, onRequestNewTask }: TProps) {
  const [{ ranking, startedAt }, setWork] = useState(() => initialState(task));
  const [activeId, setActiveId] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<TSubmitError | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const board = useRef<TRankingBoardHandle>(null);
  const inFlight = useRef(false);

  const responses = useMemo(() => {
    const map = new Map<string, TBoardResponse>();
    task.item.responses.forEach((r, i) => {
      map.set(r.id, { id: r.id, letter: responseLetter(i), hue: responseHue(i), snippet: markdownSnippet(r.content) });
    });
    return map;
  }, [task]);

  const ranks = useMemo(() => rankNumbers(ranking), [ranking]);
  const rankOf = useMemo(() => new Map(ranking.order.map((id, i) => [id, i] as const)), [ranking]);

  useEffect(() => {
    saveDraft(task.assignmentId, { ranking: toApiRanking(ranking), startedAt });
  }, [task.assignmentId, ranking, startedAt]);

  useEffect(() => {
    if (autoFocus) board.current?.focus("first");
  }, [autoFocus]);

  const onChange = useCallback(
    (next: TRankingState, message: string) => {
      if (next !== ranking) setWork((w) => ({ ...w, ranking: next }));
      setSubmitError(null);
      announce(message);
    },
    [ranking, announce],
  );

  const submit = useCallback(async () => {
    if (inFlight.current || submitted) return;
    inFlight.current = true;
    setSubmitting(true);
    setSubmitError(null);
    const body = {
      ranking: toApiRanking(ranking),
      durationMs: Math.min(MAX_DURATION_MS, Math.max(0, Math.round(Date.now() - startedAt))),
    };
    try {
      await apiFetch<TAnnotation>(`/api/v1/assignments/${task.assignmentId}/annotations`, {
        method: "POST",
        headers: { "idempotency-key": idempotencyKeyFor(task.assignmentId) },
        body: JSON.stringify(body),
      });
      forgetIdempotencyKey(task.assignmentId);
      clearDraft(task.assignmentId);
      setSubmitted(true);
      announce("Ranking submitted. Loading the next task.");
      onSubmitted();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        redirectToLogin();
        return;
      }
      const e = err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", "Something went wrong while submitting.");
      setSubmitError({ status: e.status, code: e.code, message: e.message, issues: e.issues });
      announce(`Not submitted: ${e.message}`);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }, [ranking, startedAt, task.assignmentId, submitted, announce, onSubmitted]);

  // Page-wide shortcuts; the ranking rows handle their own keys first.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event.target)) return;
      const target = event.target instanceof Element ? event.target : null;
      if (event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        setShortcutsOpen((open) => !open);
        return;
      }
      if (target?.closest("dialog") || target?.closest("[data-rank-list]")) return;
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void submit();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
      const onPage = !target || target === document.body || target.id === "main";
      if (onPage && (event.code === "KeyJ" || event.code === "KeyK")) {
        event.preventDefault();
        board.current?.focus("last-focused");
      } else if (onPage && event.key === "Enter") {
        event.preventDefault();
        void submit();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [submit]);

  const summary = toApiRanking(ranking)
    .map((tier) => tier.map((id) => responses.get(id)?.letter ?? id).join(" = "))
    .join("  ›  ");

  return (
    <div className="task-layout" data-testid="task" data-assignment-id={task.assignmentId}>
      <div className="task-main">
        <section aria-labelledby="prompt-heading">
          <h2 className="section-label" id="prompt-heading">
            Prompt
          </h2>
          <PromptThread messages={task.item.prompt} />
        </section>
        <section aria-labelledby="responses-heading">
          <h2 className="section-label" id="responses-heading">
            Responses ({task.item.responses.length})
          </h2>
          <ul className="response-grid">
            {task.item.responses.map((r, i) => {
              const at = rankOf.get(r.id) ?? i;
              return (
                <li key={r.id}>
                  <ResponseCard
                    responseId={r.id}
                    letter={responseLetter(i)}
                    hue={responseHue(i)}
                    content={r.content}
                    rank={ranks[at] ?? at + 1}
                    total={ranking.order.length}
                    tied={ranks.filter((x) => x === ranks[at]).length > 1}
                    active={activeId === r.id}
                  />
                </li>
              );
            })}
          </ul>
        </section>
      </div>

      <aside className="panel rank-panel" aria-labelledby="ranking-heading">
        <div className="rank-panel-head">
          <h2 id="ranking-heading">Your ranking</h2>
          <p>
            Best at the top. Drag, or <kbd>Shift</kbd> <kbd>↑</kbd>/<kbd>↓</kbd> to move; <kbd>T</kbd> ties with the one above.
          </p>
          {criteria.length > 0 && (
            <ul className="criteria" aria-label="Judge by">
              {criteria.map((c) => (
                <li key={c.id} title={c.description || c.name}>
                  {c.name}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="rank-panel-body">
          <div className="rank-scale" aria-hidden="true">
            <span>Best</span>
          </div>
          <RankingBoard
            ref={board}
            responses={responses}
            state={ranking}
            disabled={submitting || submitted}
            onChange={onChange}
            onSubmit={() => void submit()}
            onFocusResponse={setActiveId}
          />
          <div className="rank-scale" aria-hidden="true">
            <span>Worst</span>
          </div>
        </div>
        <div className="rank-panel-foot">
          <p className="rank-summary" data-testid="rank-summary">
            <span className="visually-hidden">Current ranking, best first: </span>
            <code>{summary}</code>
          </p>
          {submitError && <SubmitError error={submitError} onRetry={() => void submit()} onNewTask={onRequestNewTask} />}
          {submitted && (
            <p className="notice" role="status">
              Submitted. Loading the next task…
            </p>
          )}
          <button
            type="button"
            className="btn btn-primary btn-lg btn-block"
            onClick={() => void submit()}
            disabled={submitting || submitted}
            data-testid="submit-ranking"
          >
            {submitting ? "Submitting…" : "Submit ranking"}
            {!submitting && <kbd>Enter</kbd>}
          </button>
          <div className="rank-foot-row">
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => onChange(createRanking(task.item.responses.map((r) => r.id)), "Ranking reset to the original order.")}
              disabled={submitting || submitted}
              data-testid="reset-ranking"
            >
              Reset order
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => setShortcutsOpen(true)}
              aria-keyshortcuts="Shift+?"
              data-testid="open-shortcuts"
            >
              Shortcuts <kbd>?</kbd>
            </button>
          </div>
        </div>
      </aside>
      <ShortcutOverlay open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </div>
  );
}
