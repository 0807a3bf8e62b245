"use client";

import type { TAnswers, TErrorIssue, TScreeningAttempt, TScreeningMe, TScreeningResult } from "@rankwise/shared";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { MarkdownContent } from "../../../../../components/markdown-content.tsx";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../../../lib/api-client.ts";
import { initialAnswers } from "../../../../../lib/form-answers.ts";
import { serverIssuesByQuestion, type TQuestionErrors, validateAnswers } from "../../../../../lib/form-validation.ts";
import { responseLetter } from "../../../../../lib/response-labels.ts";
import { ScreeningItem, type TScreeningTask } from "./screening-item.tsx";
import { ScreeningResultView } from "./screening-result.tsx";

type TAll = Record<string, TAnswers>;
type TPhase =
  | { kind: "intro"; error: string | null }
  | { kind: "starting" }
  | { kind: "taking"; attempt: TScreeningAttempt }
  | { kind: "result"; attempt: TScreeningAttempt; result: TScreeningResult };

const percent = (x: number) => `${Math.round(x * 100)}%`;
const draftKey = (attemptId: string) => `rankwise.screening.${attemptId}`;

function loadDraft(attempt: TScreeningAttempt): TAll {
  const fresh = Object.fromEntries(
    attempt.tasks.map((t) => [
      t.item.id,
      initialAnswers(
        attempt.form.definition,
        t.item.responses.map((r) => r.id),
      ),
    ]),
  );
  try {
    const saved = JSON.parse(window.localStorage.getItem(draftKey(attempt.attemptId)) ?? "null") as TAll | null;
    if (saved && typeof saved === "object") for (const id of Object.keys(fresh)) if (saved[id]) fresh[id] = saved[id];
  } catch {
    // a broken draft is ignored
  }
  return fresh;
}

function labelsOf(task: TScreeningTask) {
  return Object.fromEntries(task.item.responses.map((r, i) => [r.id, responseLetter(i)]));
}

function timeText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

/** The labeler's screening test: an intro, every item on one page (with a countdown if timed), then the result. */
export function ScreeningRunner({
  projectId,
  projectName,
  guidelines,
  initial,
}: {
  projectId: string;
  projectName: string;
  guidelines: string;
  initial: TScreeningMe;
}) {
  const [me] = useState(initial);
  const [phase, setPhase] = useState<TPhase>({ kind: "intro", error: null });
  const resumed = useRef(false);

  const start = useCallback(async () => {
    setPhase({ kind: "starting" });
    try {
      const { data } = await apiFetch<TScreeningAttempt>(`/api/v1/projects/${projectId}/screening/attempts`, { method: "POST" });
      if (data) setPhase({ kind: "taking", attempt: data });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      // Qualified meanwhile, failed or suspended: the server page knows what to show.
      if (
        err instanceof ApiError &&
        (err.status === 403 || err.status === 409) &&
        /qualified|suspended|no screening attempts/i.test(err.message)
      ) {
        window.location.reload();
        return;
      }
      setPhase({ kind: "intro", error: errorMessage(err) });
    }
  }, [projectId]);

  // An attempt already under way (another tab, a reload) continues where it was.
  useEffect(() => {
    if (me.inProgress && !resumed.current) {
      resumed.current = true;
      void start();
    }
  }, [me.inProgress, start]);

  if (phase.kind === "taking") {
    return (
      <ScreeningAttemptView
        key={phase.attempt.attemptId}
        attempt={phase.attempt}
        projectName={projectName}
        guidelines={guidelines}
        onDone={(result) => setPhase({ kind: "result", attempt: phase.attempt, result })}
      />
    );
  }
  if (phase.kind === "result") {
    return (
      <div className="page">
        <ScreeningResultView
          projectId={projectId}
          result={phase.result}
          form={phase.attempt.form.definition}
          itemOrder={phase.attempt.tasks.map((t) => t.item.id)}
          onRetry={() => void start()}
        />
      </div>
    );
  }

  const starting = phase.kind === "starting";
  return (
    <div className="page">
      <section className="panel screening-intro" aria-labelledby="screening-intro-title" data-testid="screening-intro">
        <p className="section-label">{projectName}</p>
        <h1 id="screening-intro-title">Screening test</h1>
        <p>
          Before you get live items, answer a few items whose answers the researchers know. Score at least{" "}
          <strong>{percent(me.passThreshold)}</strong> to qualify.
        </p>
        <ul className="screening-facts">
          <li>
            <strong>{me.attemptsLeft}</strong> of {me.maxAttempts} {me.maxAttempts === 1 ? "attempt" : "attempts"} left
          </li>
          <li>
            {me.timeLimitSeconds ? (
              <>
                Time limit: <strong>{timeText(me.timeLimitSeconds * 1000)}</strong> (answers are sent when it runs out)
              </>
            ) : (
              "No time limit"
            )}
          </li>
          {me.lastScore !== null && <li>Last score: {percent(me.lastScore)}</li>}
        </ul>
        {phase.kind === "intro" && phase.error && (
          <div className="alert" role="alert" data-testid="screening-error">
            <span className="alert-title">The test could not start</span>
            <span>{phase.error}</span>
          </div>
        )}
        <div className="empty-state-actions">
          <button
            type="button"
            className="btn btn-primary btn-lg"
            onClick={() => void start()}
            disabled={starting}
            aria-busy={starting}
            data-testid="screening-start"
          >
            {starting ? "Starting…" : me.inProgress ? "Resume the test" : "Start the test"}
          </button>
          <Link className="btn btn-lg" href="/label">
            Not now
          </Link>
        </div>
      </section>
      {guidelines.trim() && (
        <details className="panel guidelines" open>
          <summary>
            <span>Guidelines</span>
          </summary>
          <MarkdownContent source={guidelines} className="guidelines-body" />
        </details>
      )}
    </div>
  );
}

function ScreeningAttemptView({
  attempt,
  projectName,
  guidelines,
  onDone,
}: {
  attempt: TScreeningAttempt;
  projectName: string;
  guidelines: string;
  onDone: (r: TScreeningResult) => void;
}) {
  const form = attempt.form.definition;
  const [answers, setAnswers] = useState<TAll>(() => loadDraft(attempt));
  const [errors, setErrors] = useState<Record<string, TQuestionErrors>>({});
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const answersRef = useRef(answers);
  const sent = useRef(false);
  const expiresAt = attempt.expiresAt ? Date.parse(attempt.expiresAt) : null;
  const left = expiresAt === null ? null : expiresAt - now;

  useEffect(() => {
    answersRef.current = answers;
    try {
      window.localStorage.setItem(draftKey(attempt.attemptId), JSON.stringify(answers));
    } catch {
      // storage full or blocked: the answers stay in memory
    }
  }, [answers, attempt.attemptId]);

  const onChange = useCallback((itemId: string, next: Record<string, unknown>) => {
    setAnswers((a) => ({ ...a, [itemId]: next as TAnswers }));
    setErrors((e) => (e[itemId] ? { ...e, [itemId]: {} } : e));
    setFailure(null);
  }, []);

  const checkAll = useCallback(() => {
    const valid: TAll = {};
    const problems: Record<string, TQuestionErrors> = {};
    for (const task of attempt.tasks) {
      const result = validateAnswers(
        form,
        answersRef.current[task.item.id] ?? {},
        { responses: task.item.responses, pairs: task.pairs },
        labelsOf(task),
      );
      if (result.ok) valid[task.item.id] = result.answers;
      else problems[task.item.id] = result.errors;
    }
    return { valid, problems };
  }, [attempt.tasks, form]);

  const submit = useCallback(
    async (auto: boolean) => {
      if (sent.current) return;
      const { valid, problems } = checkAll();
      if (!auto && Object.keys(problems).length > 0) {
        setErrors(problems);
        setFailure(
          `${Object.keys(problems).length === 1 ? "One item needs" : `${Object.keys(problems).length} items need`} more answers; see the messages in red.`,
        );
        document.querySelector<HTMLElement>('[data-testid="screening-item"][data-invalid="true"]')?.scrollIntoView({ block: "start" });
        return;
      }
      sent.current = true;
      setSubmitting(true);
      try {
        // When time runs out, what is complete is sent; unfinished items score 0.
        const { data } = await apiFetch<TScreeningResult>(`/api/v1/screening-attempts/${attempt.attemptId}/submit`, {
          method: "POST",
          body: JSON.stringify({ answers: valid }),
        });
        window.localStorage.removeItem(draftKey(attempt.attemptId));
        if (data) onDone(data);
      } catch (err) {
        sent.current = false;
        setSubmitting(false);
        if (err instanceof ApiError && err.status === 401) return redirectToLogin();
        if (err instanceof ApiError && err.status === 400 && err.issues.length) {
          setErrors(serverErrors(attempt.tasks, form, err.issues));
        }
        if (err instanceof ApiError && err.status === 409) {
          // Already submitted or expired elsewhere: the server page shows the current state.
          window.location.reload();
          return;
        }
        setFailure(errorMessage(err));
      }
    },
    [attempt, checkAll, form, onDone],
  );

  useEffect(() => {
    if (expiresAt === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [expiresAt]);

  useEffect(() => {
    if (left !== null && left <= 0 && !sent.current) void submit(true);
  }, [left, submit]);

  const answered = useMemo(
    () =>
      attempt.tasks.filter(
        (t) => validateAnswers(form, answers[t.item.id] ?? {}, { responses: t.item.responses, pairs: t.pairs }, labelsOf(t)).ok,
      ).length,
    [attempt.tasks, form, answers],
  );
  const timerState = left === null ? null : left <= 0 ? "expired" : left < 60_000 ? "low" : "ok";

  return (
    <div className="page page-wide screening-page" data-testid="screening-attempt" data-attempt-id={attempt.attemptId}>
      <div className="task-bar screening-bar">
        <div>
          <p className="section-label">
            {projectName} · screening test, attempt {attempt.attempt}
          </p>
          <p className="screening-progress" data-testid="screening-progress">
            <strong>{answered}</strong> of {attempt.tasks.length} items complete
          </p>
        </div>
        {timerState && left !== null && (
          <p className="lease-timer screening-timer" data-state={timerState} role="timer" aria-live="off" data-testid="screening-timer">
            {timerState === "expired" ? "Time is up — sending…" : `${timeText(left)} left`}
          </p>
        )}
      </div>
      {guidelines.trim() && (
        <details className="panel guidelines">
          <summary>
            <span>Guidelines</span>
          </summary>
          <MarkdownContent source={guidelines} className="guidelines-body" />
        </details>
      )}
      {attempt.tasks.map((task, i) => (
        <ScreeningItem
          key={task.item.id}
          task={task}
          index={i}
          total={attempt.tasks.length}
          form={form}
          value={answers[task.item.id] ?? {}}
          errors={errors[task.item.id]}
          disabled={submitting}
          onChange={onChange}
        />
      ))}
      <div className="panel screening-submit">
        <p className="screening-muted">
          You can submit once. {attempt.expiresAt ? "If time runs out first, the complete items are sent for you." : ""}
        </p>
        {failure && (
          <p className="field-error" role="alert" data-testid="screening-submit-error">
            {failure}
          </p>
        )}
        <button
          type="button"
          className="btn btn-primary btn-lg"
          onClick={() => void submit(false)}
          disabled={submitting}
          aria-busy={submitting}
          data-testid="screening-submit"
        >
          {submitting ? "Sending…" : "Submit the test"}
        </button>
      </div>
    </div>
  );
}

/** The API's 400 issues, `["body", "answers", itemId, questionId, …]`, as messages per item and question. */
function serverErrors(
  tasks: TScreeningTask[],
  form: TScreeningAttempt["form"]["definition"],
  issues: readonly TErrorIssue[],
): Record<string, TQuestionErrors> {
  const out: Record<string, TQuestionErrors> = {};
  for (const task of tasks) {
    const mine = issues
      .filter((i) => i.path[0] === "body" && i.path[1] === "answers" && i.path[2] === task.item.id)
      .map((i) => ({ ...i, path: ["body", "answers", ...i.path.slice(3)] }));
    if (mine.length) out[task.item.id] = serverIssuesByQuestion(form, mine, labelsOf(task)).errors;
  }
  return out;
}
