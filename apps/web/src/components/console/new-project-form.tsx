"use client";

import { DEFAULT_CRITERIA, type TCriterion, type TProject, ZCreateProjectRequest } from "@rankwise/shared";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useMemo, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../lib/api-client.ts";
import { Field } from "./field.tsx";
import { firstError, type TFieldErrors, toFieldErrors } from "./field-errors.ts";
import { ErrorBlock } from "./state-views.tsx";

type TDraft = { name: string; guidelines: string; overlap: number; leaseMinutes: number; criteria: TCriterion[] };

/** Creates a project, validated with the API's own schema, then opens its Items tab. */
export function NewProjectForm() {
  const id = useId();
  const router = useRouter();
  const [draft, setDraft] = useState<TDraft>({ name: "", guidelines: "", overlap: 3, leaseMinutes: 10, criteria: DEFAULT_CRITERIA });
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<TFieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof TDraft>(key: K, value: TDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setServerErrors({});
  };
  const setCriterion = (i: number, patch: Partial<TCriterion>) =>
    set(
      "criteria",
      draft.criteria.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    );

  // Validated with the API's schema on every change, shown once a submit has been tried.
  const parsed = useMemo(
    () =>
      ZCreateProjectRequest.safeParse({
        name: draft.name,
        guidelines: draft.guidelines,
        overlap: draft.overlap,
        leaseSeconds: Math.round(draft.leaseMinutes * 60),
        criteria: draft.criteria,
      }),
    [draft],
  );
  const errors: TFieldErrors = { ...serverErrors, ...(attempted && !parsed.success ? toFieldErrors(parsed.error.issues) : {}) };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    setServerErrors({});
    setFailure(null);
    if (!parsed.success) {
      const first = parsed.error.issues[0]?.path[0];
      document
        .getElementById(first === "criteria" ? `${id}-criteria` : `${id}-${first === "leaseSeconds" ? "lease" : String(first)}`)
        ?.focus();
      return;
    }
    setBusy(true);
    try {
      const { data } = await apiFetch<TProject>("/api/v1/projects", { method: "POST", body: JSON.stringify(parsed.data) });
      if (!data) throw new Error("The server sent an empty answer.");
      router.push(`/projects/${data.id}/items`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      if (err instanceof ApiError && err.issues.length) setServerErrors(toFieldErrors(err.issues, 1));
      setFailure(errorMessage(err));
      setBusy(false);
    }
  }

  const leaseError = errors.leaseSeconds ? "Between 1 minute and 24 hours" : undefined;
  return (
    <form className="card" onSubmit={onSubmit} noValidate data-testid="new-project-form">
      <div className="card-body stack">
        <div className="fields fields-2">
          <Field id={`${id}-name`} label="Name" error={firstError(errors, "name")} wide>
            {(a) => (
              <input
                {...a}
                type="text"
                value={draft.name}
                onChange={(e) => set("name", e.target.value)}
                autoComplete="off"
                data-testid="project-name"
              />
            )}
          </Field>
          <Field
            id={`${id}-guidelines`}
            label="Guidelines"
            hint="Markdown. Labelers see this above every task."
            error={firstError(errors, "guidelines")}
            wide
          >
            {(a) => <textarea {...a} rows={5} value={draft.guidelines} onChange={(e) => set("guidelines", e.target.value)} />}
          </Field>
          <Field
            id={`${id}-overlap`}
            label="Answers per item (overlap)"
            hint="Several answers per item let you measure agreement."
            error={firstError(errors, "overlap")}
          >
            {(a) => (
              <input
                {...a}
                type="number"
                min={1}
                max={50}
                value={Number.isNaN(draft.overlap) ? "" : draft.overlap}
                onChange={(e) => set("overlap", e.target.valueAsNumber)}
              />
            )}
          </Field>
          <Field
            id={`${id}-lease`}
            label="Minutes per task (lease)"
            hint="A task returns to the queue when its lease runs out."
            error={leaseError}
          >
            {(a) => (
              <input
                {...a}
                type="number"
                min={1}
                max={1440}
                value={Number.isNaN(draft.leaseMinutes) ? "" : draft.leaseMinutes}
                onChange={(e) => set("leaseMinutes", e.target.valueAsNumber)}
              />
            )}
          </Field>
        </div>

        <fieldset className="f">
          <legend>Criteria</legend>
          <span className="f-hint">Each question in the form can measure one criterion; exports build one reward model per criterion.</span>
          <div className="list-head" aria-hidden="true">
            <span>ID</span>
            <span>Name</span>
            <span>Description</span>
          </div>
          <ul className="list-editor" id={`${id}-criteria`} tabIndex={-1}>
            {draft.criteria.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; ids are editable
              <li key={i}>
                <div className="list-fields fields" style={{ gridTemplateColumns: "140px 180px minmax(0,1fr)" }}>
                  <div className="f">
                    <input
                      type="text"
                      aria-label={`Criterion ${i + 1} id`}
                      value={c.id}
                      onChange={(e) => setCriterion(i, { id: e.target.value })}
                      className="mono"
                      aria-invalid={errors[`criteria.${i}.id`] ? true : undefined}
                    />
                    {firstError(errors, `criteria.${i}.id`) && <span className="f-error">{firstError(errors, `criteria.${i}.id`)}</span>}
                  </div>
                  <div className="f">
                    <input
                      type="text"
                      aria-label={`Criterion ${i + 1} name`}
                      value={c.name}
                      onChange={(e) => setCriterion(i, { name: e.target.value })}
                      aria-invalid={errors[`criteria.${i}.name`] ? true : undefined}
                    />
                    {firstError(errors, `criteria.${i}.name`) && (
                      <span className="f-error">{firstError(errors, `criteria.${i}.name`)}</span>
                    )}
                  </div>
                  <input
                    type="text"
                    aria-label={`Criterion ${i + 1} description`}
                    value={c.description}
                    placeholder="What it means"
                    onChange={(e) => setCriterion(i, { description: e.target.value })}
                  />
                </div>
                <div className="row-actions">
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Remove criterion ${c.name || i + 1}`}
                    onClick={() =>
                      set(
                        "criteria",
                        draft.criteria.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ✕
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {firstError(errors, "criteria") && <span className="f-error">{firstError(errors, "criteria")}</span>}
          <div>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => set("criteria", [...draft.criteria, { id: "", name: "", description: "" }])}
              disabled={draft.criteria.length >= 20}
            >
              Add criterion
            </button>
          </div>
        </fieldset>

        {failure && <ErrorBlock title="The project was not created" message={failure} />}
      </div>
      <div className="card-foot">
        <span className="f-hint">You can import items and build the form next.</span>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="create-project">
          {busy ? "Creating…" : "Create project"}
        </button>
      </div>
    </form>
  );
}
