"use client";

import type { TCriterion, TFlagRequest, TSkipRequest, TSubmitResult, TTask } from "@rankwise/shared";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { ApiError, apiFetch, redirectToLogin } from "../lib/api-client.ts";
import { initialAnswers, isAnswered, rankingState, visibleQuestions } from "../lib/form-answers.ts";
import { serverIssuesByQuestion, type TQuestionErrors, validateAnswers } from "../lib/form-validation.ts";
import { loadResponseLayout, saveResponseLayout, type TResponseLayout } from "../lib/labeler-prefs.ts";
import { rankNumbers } from "../lib/ranking-state.ts";
import { responseHue, responseLetter } from "../lib/response-labels.ts";
import { clearDraft, forgetIdempotencyKey, idempotencyKeyFor, loadDraft, saveDraft, type TTaskDraft } from "../lib/task-storage.ts";
import { FormHostContext, type TFormHost } from "./form/form-host.ts";
import { focusFormQuestion, isTextEntry } from "./form/form-keyboard.ts";
import { FlagDialog, FLAG_LABELS } from "./flag-dialog.tsx";
import { FormRenderer } from "./form/form-renderer.tsx";
import { PromptThread } from "./prompt-thread.tsx";
import { ResponseCard } from "./response-card.tsx";
import { ShortcutOverlay } from "./shortcut-overlay.tsx";
import { SkipDialog } from "./skip-dialog.tsx";
import { SubmitError, type TSubmitError } from "./submit-error.tsx";

const MAX_DURATION_MS = 86_400_000;

type TProps = {
  task: TTask;
  criteria: TCriterion[];
  /** Focus the first question on mount (after a submit, so the keyboard flow continues). */
  autoFocus: boolean;
  announce: (message: string) => void;
  /** The stored answer, with the next task already leased (`next`) and the undo deadline, and the answers as sent (for an undo). */
  onSubmitted: (result: TSubmitResult, draft: TTaskDraft) => void;
  onSkipped: () => void;
  onRequestNewTask: () => void;
  onToggleGuidelines: () => void;
  /** The project's guidelines panel, shown above the prompt in the reading column. */
  guidelines?: ReactNode;
};

type TWork = { answers: Record<string, unknown>; startedAt: number };

function initialWork(task: TTask): TWork {
  const draft = loadDraft(task.assignmentId);
  if (draft) return draft;
  const ids = task.item.responses.map((r) => r.id);
  return { answers: initialAnswers(task.form.definition, ids), startedAt: Date.now() };
}

function formRootIn(area: HTMLElement | null): HTMLElement | null {
  return area?.querySelector<HTMLElement>("[data-form-renderer]") ?? null;
}

/** Enter submits from these (outside text fields); buttons and links keep their own Enter. */
function submitsOnEnter(target: HTMLElement | null): boolean {
  if (!target || target === document.body || target.id === "main") return true;
  if (target instanceof HTMLInputElement && (target.type === "radio" || target.type === "checkbox")) return true;
  return target.matches("fieldset[data-question-id]");
}

/** One leased task: the prompt, the responses, and the form the labeler answers and submits. */
export function TaskView(props: TProps) {
  const { task, criteria, autoFocus, announce, onSubmitted, onSkipped, onRequestNewTask, onToggleGuidelines } = props;
  const form = task.form.definition;
  const responses = task.item.responses;
  const pairs = task.pairs;
  const [{ answers, startedAt }, setWork] = useState(() => initialWork(task));
  const [showErrors, setShowErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<TQuestionErrors>({});
  const [activeIds, setActiveIds] = useState<readonly string[]>([]);
  const [layout, setLayout] = useState<TResponseLayout>(() => loadResponseLayout());
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<TSubmitError | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [skipOpen, setSkipOpen] = useState(false);
  const [flagOpen, setFlagOpen] = useState(false);
  const [myFlag, setMyFlag] = useState<TFlagRequest | null>(null);
  const formArea = useRef<HTMLDivElement>(null);
  const inFlight = useRef(false);
  const answersRef = useRef(answers);

  const labels = useMemo(() => Object.fromEntries(responses.map((r, i) => [r.id, responseLetter(i)])), [responses]);
  const ctx = useMemo(() => ({ responses, pairs }), [responses, pairs]);

  const clientErrors = useMemo(() => {
    if (!showErrors) return null;
    const result = validateAnswers(form, answers, ctx, labels);
    return result.ok ? null : result;
  }, [showErrors, form, answers, ctx, labels]);

  const errors = useMemo(() => {
    const merged: TQuestionErrors = { ...serverErrors };
    for (const [id, list] of Object.entries(clientErrors?.errors ?? {})) merged[id] = [...new Set([...(merged[id] ?? []), ...list])];
    return merged;
  }, [clientErrors, serverErrors]);

  const visible = visibleQuestions(form, answers);
  const answeredCount = visible.filter((q) => isAnswered(q, answers[q.id], responses)).length;
  const invalidIds = visible.filter((q) => (errors[q.id]?.length ?? 0) > 0);

  useEffect(() => {
    answersRef.current = answers;
    saveDraft(task.assignmentId, { answers, startedAt });
  }, [task.assignmentId, answers, startedAt]);

  useEffect(() => {
    if (autoFocus) focusFormQuestion(formRootIn(formArea.current), "first", { scroll: false });
  }, [autoFocus]);

  const onChange = useCallback((next: Record<string, unknown>) => {
    const before = answersRef.current;
    answersRef.current = next;
    setWork((w) => ({ ...w, answers: next }));
    setSubmitError(null);
    // A server message about a question goes once that question's answer changes.
    setServerErrors((prev) => {
      const changed = Object.keys(prev).filter((id) => next[id] !== before[id]);
      if (changed.length === 0) return prev;
      const kept = { ...prev };
      for (const id of changed) delete kept[id];
      return kept;
    });
  }, []);

  const submit = useCallback(async () => {
    if (inFlight.current || submitted) return;
    const checked = validateAnswers(form, answersRef.current, ctx, labels);
    if (!checked.ok) {
      // Render the messages first, so focus and scrolling land on the final layout.
      flushSync(() => setShowErrors(true));
      const count = Object.keys(checked.errors).length + (checked.other.length ? 1 : 0);
      announce(`Not submitted: ${count === 1 ? "1 question needs" : `${count} questions need`} attention.`);
      const first = form.questions.find((q) => checked.errors[q.id]);
      if (first) focusFormQuestion(formRootIn(formArea.current), { id: first.id });
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    setSubmitError(null);
    const body = {
      answers: checked.answers,
      durationMs: Math.min(MAX_DURATION_MS, Math.max(0, Math.round(Date.now() - startedAt))),
    };
    try {
      // `next=1`: the next task comes back leased in the same response, so it shows without another request.
      const { data } = await apiFetch<TSubmitResult>(`/api/v1/assignments/${task.assignmentId}/annotations?next=1`, {
        method: "POST",
        headers: { "idempotency-key": idempotencyKeyFor(task.assignmentId) },
        body: JSON.stringify(body),
      });
      if (!data) throw new ApiError(0, "UNKNOWN", "The server sent an empty answer.");
      forgetIdempotencyKey(task.assignmentId);
      clearDraft(task.assignmentId);
      setSubmitted(true);
      // The workspace keeps the answers in memory while the submit can be undone, and puts them back as the draft.
      onSubmitted(data, { answers: answersRef.current, startedAt });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        redirectToLogin();
        return;
      }
      const e = err instanceof ApiError ? err : new ApiError(0, "UNKNOWN", "Something went wrong while submitting.");
      let issues = e.issues;
      if (e.status === 400 && e.issues.length) {
        const mapped = serverIssuesByQuestion(form, e.issues, labels);
        flushSync(() => setServerErrors(mapped.errors));
        issues = mapped.other.map((message) => ({ path: [], message }));
        const first = form.questions.find((q) => mapped.errors[q.id]);
        if (first) focusFormQuestion(formRootIn(formArea.current), { id: first.id });
      }
      const message =
        e.status === 400 && issues.length < e.issues.length ? "Some answers need attention (marked on the questions)." : e.message;
      setSubmitError({ status: e.status, code: e.code, message, issues });
      announce(`Not submitted: ${message}`);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }, [form, ctx, labels, startedAt, task.assignmentId, submitted, announce, onSubmitted]);

  const skip = useCallback(
    async (request: TSkipRequest) => {
      try {
        await apiFetch<null>(`/api/v1/assignments/${task.assignmentId}/skip`, { method: "POST", body: JSON.stringify(request) });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          redirectToLogin();
          return;
        }
        // 409: the lease is gone already (expired, or a retried skip); either way, move on.
        if (!(err instanceof ApiError && (err.status === 409 || err.status === 404))) throw err;
      }
      forgetIdempotencyKey(task.assignmentId);
      clearDraft(task.assignmentId);
      setSkipOpen(false);
      announce("Task skipped. Loading the next task.");
      onSkipped();
    },
    [task.assignmentId, announce, onSkipped],
  );

  const flag = useCallback(
    async (request: TFlagRequest) => {
      try {
        await apiFetch(`/api/v1/assignments/${task.assignmentId}/flag`, { method: "POST", body: JSON.stringify(request) });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          redirectToLogin();
          return;
        }
        throw err;
      }
      setMyFlag(request);
      setFlagOpen(false);
      announce(`Item flagged as ${FLAG_LABELS[request.reason].title}. You can still answer or skip it.`);
    },
    [task.assignmentId, announce],
  );

  const toggleLayout = useCallback(() => {
    setLayout((current) => {
      const next = current === "columns" ? "stacked" : "columns";
      saveResponseLayout(next);
      announce(next === "columns" ? "Responses side by side." : "Responses stacked.");
      return next;
    });
  }, [announce]);

  // Page-wide shortcuts; the form and the ranking rows handle their own keys first.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest("dialog")) return;
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void submit();
        return;
      }
      if (isTextEntry(target)) return;
      if (event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        setShortcutsOpen((open) => !open);
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const onPage = !target || target === document.body || target.id === "main";
      const key = event.key;
      if (key === "Enter" && !event.shiftKey && submitsOnEnter(target)) {
        event.preventDefault();
        void submit();
      } else if (onPage && (key === "j" || key === "k" || key === "n" || key === "p")) {
        event.preventDefault();
        focusFormQuestion(formRootIn(formArea.current), "current");
      } else if (key === "s" && !submitted) {
        event.preventDefault();
        setSkipOpen(true);
      } else if (key === "f" && !submitted) {
        event.preventDefault();
        setFlagOpen(true);
      } else if (key === "g") {
        event.preventDefault();
        onToggleGuidelines();
      } else if (key === "v") {
        event.preventDefault();
        toggleLayout();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [submit, submitted, onToggleGuidelines, toggleLayout]);

  const host: TFormHost = useMemo(
    () => ({ announce, onSubmit: () => void submit(), onActiveResponses: setActiveIds, disabled: submitting || submitted }),
    [announce, submit, submitting, submitted],
  );

  // The first visible ranking question's ranks label the response cards.
  const rankingQuestion = visible.find((q) => q.type === "ranking");
  const cardRanks = useMemo(() => {
    if (!rankingQuestion) return null;
    const state = rankingState(
      answers[rankingQuestion.id],
      responses.map((r) => r.id),
    );
    const ranks = rankNumbers(state);
    const cutoff = rankingQuestion.type === "ranking" ? rankingQuestion.topK : null;
    return new Map(
      state.order.map((id, i) => {
        const rank = ranks[i] ?? i + 1;
        const tied = ranks.filter((x) => x === rank).length > 1;
        const unranked = cutoff !== null && i >= cutoff;
        return [id, unranked ? { text: "Unranked", tied: false } : { text: `Rank ${rank}${tied ? " (tied)" : ""}`, tied }] as const;
      }),
    );
  }, [rankingQuestion, answers, responses]);

  return (
    <div className="task-layout" data-testid="task" data-assignment-id={task.assignmentId}>
      <div className="task-main">
        {props.guidelines}
        <section aria-labelledby="prompt-heading">
          <h2 className="section-label" id="prompt-heading">
            Prompt
          </h2>
          <PromptThread messages={task.item.prompt} />
        </section>
        <section aria-labelledby="responses-heading">
          <div className="section-head">
            <h2 className="section-label" id="responses-heading">
              Responses ({responses.length})
            </h2>
            <fieldset className="layout-toggle">
              <legend className="visually-hidden">Response layout</legend>
              <button
                type="button"
                aria-pressed={layout === "columns"}
                onClick={layout === "columns" ? undefined : toggleLayout}
                data-testid="layout-columns"
              >
                Side by side
              </button>
              <button
                type="button"
                aria-pressed={layout === "stacked"}
                onClick={layout === "stacked" ? undefined : toggleLayout}
                data-testid="layout-stacked"
              >
                Stacked
              </button>
              <kbd className="layout-toggle-key" title="Press V to switch">
                V
              </kbd>
            </fieldset>
          </div>
          <ul className="response-grid" data-layout={layout} data-testid="response-grid">
            {responses.map((r, i) => {
              const badge = cardRanks?.get(r.id);
              return (
                <li key={r.id}>
                  <ResponseCard
                    responseId={r.id}
                    letter={responseLetter(i)}
                    hue={responseHue(i)}
                    content={r.content}
                    badge={badge?.text ?? null}
                    badgeTied={badge?.tied ?? false}
                    active={activeIds.includes(r.id)}
                  />
                </li>
              );
            })}
          </ul>
        </section>
      </div>

      <aside className="panel rank-panel form-panel" aria-labelledby="form-heading">
        <div className="rank-panel-head">
          <div className="form-panel-title">
            <h2 id="form-heading">Your answers</h2>
            <span className="form-panel-count" data-testid="answered-count">
              {answeredCount} of {visible.length} answered
            </span>
          </div>
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
        <div className="rank-panel-body form-panel-body" ref={formArea}>
          <FormHostContext.Provider value={host}>
            <FormRenderer
              form={form}
              responses={responses}
              pairs={pairs}
              value={answers}
              onChange={onChange}
              errors={errors}
              labels={labels}
            />
          </FormHostContext.Provider>
        </div>
        <div className="rank-panel-foot">
          {(invalidIds.length > 0 || (clientErrors?.other.length ?? 0) > 0) && (
            <div className="form-error-summary" data-testid="form-error-summary">
              <p>{invalidIds.length === 1 ? "1 question needs" : `${invalidIds.length} questions need`} attention before submitting:</p>
              <ul>
                {invalidIds.map((q) => (
                  <li key={q.id}>
                    <button
                      type="button"
                      className="link-btn"
                      onClick={() => focusFormQuestion(formRootIn(formArea.current), { id: q.id })}
                    >
                      {visible.indexOf(q) + 1}. {q.title}
                    </button>
                  </li>
                ))}
                {clientErrors?.other.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          )}
          {submitError && <SubmitError error={submitError} onRetry={() => void submit()} onNewTask={onRequestNewTask} />}
          {submitted && (
            <p className="notice" role="status">
              Submitted. Loading the next task…
            </p>
          )}
          {myFlag && !submitted && (
            <p className="flag-note" data-testid="flag-status">
              You flagged this item: {FLAG_LABELS[myFlag.reason].title}. Answer or skip it as usual.
            </p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => setSkipOpen(true)}
              disabled={submitting || submitted}
              aria-keyshortcuts="S"
              data-testid="skip-task"
            >
              Skip <kbd>S</kbd>
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => setFlagOpen(true)}
              disabled={submitting || submitted}
              aria-keyshortcuts="F"
              data-testid="flag-item"
              data-flagged={myFlag ? "true" : undefined}
            >
              {myFlag ? "Flagged" : "Flag"} <kbd>F</kbd>
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
            <button
              type="button"
              className="btn btn-primary btn-lg"
              onClick={() => void submit()}
              disabled={submitting || submitted}
              data-testid="submit-answers"
            >
              {submitting ? "Submitting…" : "Submit"}
              {!submitting && <kbd>Enter</kbd>}
            </button>
          </div>
        </div>
      </aside>
      <ShortcutOverlay open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      <SkipDialog open={skipOpen} onClose={() => setSkipOpen(false)} onConfirm={skip} />
      <FlagDialog open={flagOpen} current={myFlag} onClose={() => setFlagOpen(false)} onConfirm={flag} />
    </div>
  );
}
