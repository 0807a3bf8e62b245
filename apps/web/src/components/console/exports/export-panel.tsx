"use client";

import type { TCriterion, TExport } from "@rankwise/shared";
import { useId, useMemo, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { ErrorBlock } from "../state-views.tsx";
import { ExportCountPreview } from "./export-count-preview.tsx";
import { ExportList } from "./export-list.tsx";
import { DEFAULT_DRAFT, draftErrors, type TSpecDraft, validateSpec } from "./export-spec-draft.ts";
import { ExportSpecForm } from "./export-spec-form.tsx";
import { useLiveExports } from "./use-live-exports.ts";
import { toFieldErrors } from "../field-errors.ts";

/** A project's Exports tab: build a spec with a live count preview, run it, and follow every export. */
export function ExportPanel({ projectId, criteria, initial }: { projectId: string; criteria: TCriterion[]; initial: TExport[] }) {
  const id = useId();
  const [draft, setDraft] = useState<TSpecDraft>(DEFAULT_DRAFT);
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<string | null>(null);
  const { exports, setExports } = useLiveExports(initial);
  const { spec, errors } = useMemo(() => validateSpec(draft), [draft]);
  const criteriaNames = useMemo(() => Object.fromEntries(criteria.map((c) => [c.id, c.name])), [criteria]);
  const allErrors = { ...serverErrors, ...errors };

  function change(next: TSpecDraft) {
    setDraft(next);
    setServerErrors({});
    setFailure(null);
  }

  async function start() {
    if (!spec || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const { data } = await apiFetch<TExport>(`/api/v1/projects/${projectId}/exports`, { method: "POST", body: JSON.stringify(spec) });
      if (data) {
        setExports((prev) => [data, ...prev.filter((e) => e.id !== data.id)]);
        setStarted(data.id);
        requestAnimationFrame(() => document.getElementById(`export-${data.id}`)?.scrollIntoView({ block: "nearest", behavior: "smooth" }));
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      if (err instanceof ApiError && err.issues.length) setServerErrors(draftErrors(toFieldErrors(err.issues, 1)));
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <div className="export-layout">
        <section className="card" aria-labelledby={`${id}-title`}>
          <div className="card-head">
            <div>
              <h2 id={`${id}-title`}>New export</h2>
              <p>Training data from this project's answers, in the format your trainer reads.</p>
            </div>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => change(DEFAULT_DRAFT)}>
              Reset
            </button>
          </div>
          <div className="card-body">
            <ExportSpecForm draft={draft} onChange={change} errors={allErrors} criteria={criteria} idBase={id} />
          </div>
        </section>
        <ExportCountPreview
          projectId={projectId}
          spec={spec}
          criteriaNames={criteriaNames}
          footer={
            <div className="stack-sm" style={{ width: "100%" }}>
              {failure && <ErrorBlock title="The export did not start" message={failure} />}
              <button
                type="button"
                className="btn btn-primary btn-block"
                onClick={start}
                disabled={!spec || busy}
                data-testid="export-start"
              >
                {busy ? "Starting…" : "Start export"}
              </button>
            </div>
          }
        />
      </div>
      <ExportList
        exports={exports}
        criteriaNames={criteriaNames}
        highlight={started}
        onChange={(next) => setExports((prev) => prev.map((e) => (e.id === next.id ? next : e)))}
        onRemove={(removed) => setExports((prev) => prev.filter((e) => e.id !== removed))}
      />
    </div>
  );
}
