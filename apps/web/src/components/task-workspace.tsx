"use client";

import type { TCriterion, TTask } from "@rankwise/shared";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, apiFetch, redirectToLogin } from "../lib/api-client.ts";
import { LeaseTimer } from "./lease-timer.tsx";
import { MarkdownContent } from "./markdown-content.tsx";
import { TaskView } from "./task-view.tsx";

type TPhase =
  | { kind: "loading" }
  | { kind: "ready"; task: TTask; afterSubmit: boolean }
  | { kind: "empty" }
  | { kind: "error"; message: string };

type TProps = { projectId: string; projectName: string; guidelines: string; criteria: TCriterion[] };

/** The labeling loop for one project: lease a task, rank it, submit, repeat until the queue is empty. */
export function TaskWorkspace({ projectId, projectName, guidelines, criteria }: TProps) {
  const [phase, setPhase] = useState<TPhase>({ kind: "loading" });
  const [liveMessage, setLiveMessage] = useState("");
  const [submittedCount, setSubmittedCount] = useState(0);
  const emptyHeading = useRef<HTMLHeadingElement>(null);
  const errorHeading = useRef<HTMLHeadingElement>(null);
  const request = useRef<AbortController | null>(null);

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
        const { status, data } = await apiFetch<TTask>(`/api/v1/projects/${projectId}/tasks/next`, { signal: controller.signal });
        if (controller.signal.aborted) return;
        if (status === 204 || !data) {
          setPhase({ kind: "empty" });
          announce("Queue empty. Nothing left to label in this project.");
        } else {
          setPhase({ kind: "ready", task: data, afterSubmit: options.afterSubmit });
          if (options.afterSubmit) announce(`Next task loaded: ${data.item.responses.length} responses to rank.`);
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) {
          redirectToLogin();
          return;
        }
        setPhase({ kind: "error", message: err instanceof Error ? err.message : "The task could not be loaded." });
      }
    },
    [projectId, announce],
  );

  useEffect(() => {
    void loadTask({ afterSubmit: false });
    return () => request.current?.abort();
  }, [loadTask]);

  // Focus follows the content, so keyboard users are never left on a removed element.
  useEffect(() => {
    if (phase.kind === "empty") emptyHeading.current?.focus();
    if (phase.kind === "error") errorHeading.current?.focus();
  }, [phase.kind]);

  const onSubmitted = useCallback(() => {
    setSubmittedCount((n) => n + 1);
    window.scrollTo({ top: 0 });
    void loadTask({ afterSubmit: true });
  }, [loadTask]);

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
          {submittedCount > 0 && <span data-testid="session-count">{submittedCount} submitted this session</span>}
          {phase.kind === "ready" && <LeaseTimer key={phase.task.leaseExpiresAt} expiresAt={phase.task.leaseExpiresAt} />}
        </div>
      </div>

      <h1 className="visually-hidden">Rank responses: {projectName}</h1>

      {guidelines.trim() && phase.kind === "ready" && (
        <details className="panel guidelines" style={{ marginBottom: 16 }}>
          <summary>Guidelines</summary>
          <MarkdownContent source={guidelines} />
        </details>
      )}

      <div aria-live="polite" aria-atomic="true" className="visually-hidden" data-testid="live-region">
        {liveMessage}
      </div>

      {phase.kind === "loading" && (
        <div className="panel empty-state" aria-busy="true" data-testid="task-loading">
          <p>Loading your next task…</p>
        </div>
      )}

      {phase.kind === "ready" && (
        <TaskView
          key={`${phase.task.assignmentId}:${phase.task.leaseExpiresAt}`}
          task={phase.task}
          criteria={criteria}
          autoFocus={phase.afterSubmit}
          announce={announce}
          onSubmitted={onSubmitted}
          onRequestNewTask={onRequestNewTask}
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
              ? `Thanks! You submitted ${submittedCount} ${submittedCount === 1 ? "ranking" : "rankings"} this session.`
              : "Every item has all the answers it needs, or you have already ranked the rest."}{" "}
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
