"use client";

import type { TCriterion, TProject, TProjectCounts, TSubmitResult, TTask } from "@rankwise/shared";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, apiFetch, redirectToLogin } from "../lib/api-client.ts";
import { bumpDoneToday, loadDoneToday, loadGuidelinesOpen, saveGuidelinesOpen } from "../lib/labeler-prefs.ts";
import { pruneDrafts, saveDraft, type TTaskDraft } from "../lib/task-storage.ts";
import { isTextEntry } from "./form/form-keyboard.ts";
import { LeaseTimer } from "./lease-timer.tsx";
import { TaskProgress } from "./task-progress.tsx";
import { UndoBar } from "./undo-bar.tsx";

/**
 * The task UI (form, drag and drop, markdown, the shared answer schema) is most of the page's
 * JavaScript and is useless until a task arrives, so it downloads in parallel with the first
 * `tasks/next` call instead of before hydration. Cached for the rest of the session.
 */
type TTaskUi = {
  TaskView: typeof import("./task-view.tsx").TaskView;
  MarkdownContent: typeof import("./markdown-content.tsx").MarkdownContent;
};
let taskUi: Promise<TTaskUi> | null = null;
function loadTaskUi(): Promise<TTaskUi> {
  taskUi ??= Promise.all([import("./task-view.tsx"), import("./markdown-content.tsx")]).then(
    ([view, markdown]) => ({ TaskView: view.TaskView, MarkdownContent: markdown.MarkdownContent }),
    (err: unknown) => {
      taskUi = null; // let "Try again" retry the download
      throw err;
    },
  );
  return taskUi;
}

type TPhase =
  | { kind: "loading" }
  | { kind: "ready"; task: TTask; afterSubmit: boolean; ui: TTaskUi }
  | { kind: "empty" }
  | { kind: "error"; message: string };

/** The last answer while it can still be taken back. */
type TUndo = { assignmentId: string; expiresAt: number; pending: boolean; draft: TTaskDraft };

type TProps = { projectId: string; projectName: string; guidelines: string; criteria: TCriterion[]; counts: TProjectCounts };

/** The labeling loop for one project: lease a task, answer its form, submit, repeat until the queue is empty. */
export function TaskWorkspace({ projectId, projectName, guidelines, criteria, counts: initialCounts }: TProps) {
  const [phase, setPhase] = useState<TPhase>({ kind: "loading" });
  const [liveMessage, setLiveMessage] = useState("");
  const [submittedCount, setSubmittedCount] = useState(0);
  const [doneToday, setDoneToday] = useState(0);
  const [counts, setCounts] = useState<TProjectCounts>(initialCounts);
  const [guidelinesOpen, setGuidelinesOpen] = useState(false);
  const guidelinesRef = useRef<HTMLDetailsElement>(null);
  const emptyHeading = useRef<HTMLHeadingElement>(null);
  const errorHeading = useRef<HTMLHeadingElement>(null);
  const request = useRef<AbortController | null>(null);
  const [undo, setUndo] = useState<TUndo | null>(null);
  const undoRef = useRef<TUndo | null>(null);
  undoRef.current = undo;

  const announce = useCallback((message: string) => {
    // Clearing first makes a repeated message be read again.
    setLiveMessage("");
    window.setTimeout(() => setLiveMessage(message), 30);
  }, []);

  const loadTask = useCallback(
    async (options: { afterSubmit: boolean }) => {
      request.current?.abort();
      const controller = new AbortController();
      request.current = controller;
      // Keep the old task on screen while the next one loads after a submit: no flash.
      if (!options.afterSubmit) setPhase({ kind: "loading" });
      try {
        const ui = loadTaskUi();
        ui.catch(() => {}); // awaited below only when there is a task
        const { status, data } = await apiFetch<TTask>(`/api/v1/projects/${projectId}/tasks/next`, { signal: controller.signal });
        if (controller.signal.aborted) return;
        if (status === 204 || !data) {
          setPhase({ kind: "empty" });
          announce("Queue empty. Nothing left to label in this project.");
        } else {
          const loaded = await ui;
          if (controller.signal.aborted) return;
          setPhase({ kind: "ready", task: data, afterSubmit: options.afterSubmit, ui: loaded });
          if (options.afterSubmit) {
            const n = data.form.definition.questions.length;
            announce(`Next task loaded: ${data.item.responses.length} responses, ${n} ${n === 1 ? "question" : "questions"}.`);
          }
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) {
          redirectToLogin();
          return;
        }
        const message =
          err instanceof ApiError ? err.message : "The labeling screen could not be loaded. Check your connection and try again.";
        setPhase({ kind: "error", message });
      }
    },
    [projectId, announce],
  );

  useEffect(() => {
    void loadTask({ afterSubmit: false });
    return () => request.current?.abort();
  }, [loadTask]);

  // Browser-only state, read after hydration so the server's HTML and the first render agree.
  useEffect(() => {
    setDoneToday(loadDoneToday(projectId));
    setGuidelinesOpen(loadGuidelinesOpen());
    pruneDrafts();
  }, [projectId]);

  /** Items left comes from the project's counts; refreshed after each answer, best effort. */
  const refreshCounts = useCallback(async () => {
    try {
      const { data } = await apiFetch<TProject>(`/api/v1/projects/${projectId}`);
      if (data) setCounts(data.counts);
    } catch {
      // keep the last known counts
    }
  }, [projectId]);

  const toggleGuidelines = useCallback(() => {
    if (!guidelinesRef.current) {
      announce("This project has no guidelines.");
      return;
    }
    const next = !guidelinesRef.current.open;
    setGuidelinesOpen(next);
    saveGuidelinesOpen(next);
    if (next) guidelinesRef.current?.scrollIntoView({ block: "nearest" });
    announce(next ? "Guidelines shown." : "Guidelines hidden.");
  }, [announce]);

  // Focus follows the content, so keyboard users are never left on a removed element.
  useEffect(() => {
    if (phase.kind === "empty") emptyHeading.current?.focus();
    if (phase.kind === "error") errorHeading.current?.focus();
  }, [phase.kind]);

  /** The undo window closed: the kept answers are no longer needed. */
  const dropUndo = useCallback((assignmentId: string) => {
    setUndo((current) => (current?.assignmentId === assignmentId ? null : current));
  }, []);

  const onSubmitted = useCallback(
    (result: TSubmitResult, draft: TTaskDraft) => {
      setSubmittedCount((n) => n + 1);
      setDoneToday(bumpDoneToday(projectId));
      window.scrollTo({ top: 0 });
      const expiresAt = result.undoExpiresAt ? Date.parse(result.undoExpiresAt) : 0;
      // The server's clock decides; a skewed client clock only shortens or lengthens the bar.
      setUndo(expiresAt > Date.now() ? { assignmentId: result.assignmentId, expiresAt, pending: false, draft } : null);
      const undoHint = expiresAt > Date.now() ? " Press Z to undo." : "";
      if (result.next === undefined) {
        announce(`Answers submitted.${undoHint} Loading the next task.`);
        void loadTask({ afterSubmit: true });
      } else if (result.next === null) {
        request.current?.abort();
        setPhase({ kind: "empty" });
        announce(`Answers submitted.${undoHint} Queue empty. Nothing left to label in this project.`);
      } else {
        // The next task came with the submit: show it at once (the task UI is loaded already).
        request.current?.abort();
        const task = result.next;
        void loadTaskUi().then(
          (ui) => {
            setPhase({ kind: "ready", task, afterSubmit: true, ui });
            const n = task.form.definition.questions.length;
            announce(
              `Answers submitted.${undoHint} Next task loaded: ${task.item.responses.length} responses, ${n} ${n === 1 ? "question" : "questions"}.`,
            );
          },
          () => void loadTask({ afterSubmit: true }),
        );
      }
      void refreshCounts();
    },
    [loadTask, projectId, refreshCounts, announce],
  );

  /** Takes the last answer back: its task returns with the answers restored from the kept draft. */
  const undoLast = useCallback(async () => {
    const current = undoRef.current;
    if (!current || current.pending) return;
    setUndo({ ...current, pending: true });
    try {
      const [{ data }, ui] = await Promise.all([
        apiFetch<TTask>(`/api/v1/assignments/${current.assignmentId}/undo`, { method: "POST" }),
        loadTaskUi(),
      ]);
      if (!data) throw new ApiError(0, "UNKNOWN", "The server sent an empty answer.");
      request.current?.abort(); // a next task still loading was given back by the undo
      // The task view starts from the stored draft: exactly the answers that were submitted.
      saveDraft(current.assignmentId, current.draft);
      setUndo(null);
      setSubmittedCount((n) => Math.max(0, n - 1));
      setDoneToday(bumpDoneToday(projectId, new Date(), -1));
      window.scrollTo({ top: 0 });
      setPhase({ kind: "ready", task: data, afterSubmit: true, ui });
      announce("Answer taken back. Your previous task is open again with your answers.");
      void refreshCounts();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        redirectToLogin();
        return;
      }
      setUndo(null);
      announce(`Could not undo: ${err instanceof ApiError ? err.message : "something went wrong"}`);
    }
  }, [announce, projectId, refreshCounts]);

  // Ctrl+Z (outside text fields, where it undoes typing) or Z takes the last answer back.
  useEffect(() => {
    if (!undo) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.shiftKey) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest("dialog") || isTextEntry(target)) return;
      if (event.key.toLowerCase() !== "z") return;
      event.preventDefault();
      void undoLast();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [undo, undoLast]);

  const onSkipped = useCallback(() => {
    window.scrollTo({ top: 0 });
    void loadTask({ afterSubmit: true });
    void refreshCounts();
  }, [loadTask, refreshCounts]);

  const onRequestNewTask = useCallback(() => void loadTask({ afterSubmit: true }), [loadTask]);

  return (
    <div className="page page-wide">
      <div className="task-bar">
        <nav aria-label="Breadcrumb">
          <ol className="breadcrumbs">
            <li>
              <Link href="/label">My projects</Link>
            </li>
            <li>
              <span aria-current="page">{projectName}</span>
            </li>
          </ol>
        </nav>
        <div className="task-bar-meta">
          <TaskProgress doneToday={doneToday} counts={counts} />
          {phase.kind === "ready" && <LeaseTimer key={phase.task.leaseExpiresAt} expiresAt={phase.task.leaseExpiresAt} />}
        </div>
      </div>

      <h1 className="visually-hidden">Label: {projectName}</h1>

      <div aria-live="polite" aria-atomic="true" className="visually-hidden" data-testid="live-region">
        {liveMessage}
      </div>

      {phase.kind === "loading" && (
        <div className="panel empty-state" aria-busy="true" data-testid="task-loading">
          <p>Loading your next task…</p>
        </div>
      )}

      {phase.kind === "ready" && (
        <phase.ui.TaskView
          key={`${phase.task.assignmentId}:${phase.task.leaseExpiresAt}`}
          task={phase.task}
          criteria={criteria}
          autoFocus={phase.afterSubmit}
          announce={announce}
          onSubmitted={onSubmitted}
          onSkipped={onSkipped}
          onRequestNewTask={onRequestNewTask}
          onToggleGuidelines={toggleGuidelines}
          guidelines={
            guidelines.trim() ? (
              <details
                ref={guidelinesRef}
                className="panel guidelines"
                open={guidelinesOpen}
                onToggle={(e) => {
                  const open = e.currentTarget.open;
                  if (open !== guidelinesOpen) {
                    setGuidelinesOpen(open);
                    saveGuidelinesOpen(open);
                  }
                }}
                data-testid="guidelines"
              >
                <summary aria-keyshortcuts="G">
                  <span>Guidelines</span>
                  <kbd>G</kbd>
                </summary>
                <phase.ui.MarkdownContent source={guidelines} className="guidelines-body" />
              </details>
            ) : null
          }
        />
      )}

      {phase.kind === "empty" && (
        <div className="panel empty-state" data-testid="queue-empty">
          <div className="empty-state-icon" aria-hidden="true">
            <svg
              aria-hidden="true"
              width="24"
              height="24"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            >
              <path d="M5 12.5l4.5 4.5L19 7.5" />
            </svg>
          </div>
          <h2 ref={emptyHeading} tabIndex={-1}>
            Queue empty — nothing left to label in this project
          </h2>
          <p>
            {submittedCount > 0
              ? `Thanks! You submitted ${submittedCount} ${submittedCount === 1 ? "task" : "tasks"} this session.`
              : "Every item has all the answers it needs, or you have already answered the rest."}{" "}
            New items may arrive later.
          </p>
          <div className="empty-state-actions">
            <Link className="btn btn-primary" href="/label">
              Back to my projects
            </Link>
            <button type="button" className="btn" onClick={() => void loadTask({ afterSubmit: false })} data-testid="check-again">
              Check again
            </button>
          </div>
        </div>
      )}

      {undo && (
        <UndoBar
          key={undo.assignmentId}
          expiresAt={undo.expiresAt}
          pending={undo.pending}
          onUndo={() => void undoLast()}
          onExpired={() => dropUndo(undo.assignmentId)}
        />
      )}

      {phase.kind === "error" && (
        <div className="panel empty-state" role="alert" data-testid="task-error">
          <h2 ref={errorHeading} tabIndex={-1}>
            Couldn't load a task
          </h2>
          <p>{phase.message}</p>
          <div className="empty-state-actions">
            <button type="button" className="btn btn-primary" onClick={() => void loadTask({ afterSubmit: false })}>
              Try again
            </button>
            <Link className="btn" href="/label">
              Back to my projects
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
