"use client";

import type { TCondition, TCriterion, TQuestion } from "@rankwise/shared";
import { Field } from "../field.tsx";
import { errorsUnder, type TFieldErrors } from "../field-errors.ts";
import { TypeSettings } from "./type-settings.tsx";

export type TSettingsProps<Q extends TQuestion = TQuestion> = {
  q: Q;
  onChange: (next: TQuestion) => void;
  errors: TFieldErrors;
  idBase: string;
  criteria: readonly TCriterion[];
};

/** A number input's value: NaN while empty, so the schema can say "Enter a number" at the field. */
export function numberValue(n: number | null): number | string {
  return n === null || Number.isNaN(n) ? "" : n;
}

/** Everything about one question: wording, id, criterion, condition, then its type's own settings. */
export function QuestionSettings({
  q,
  onChange,
  errors,
  idBase,
  criteria,
  targets,
}: TSettingsProps & {
  /** Earlier choice/text questions this one may depend on. */
  targets: TQuestion[];
}) {
  const err = (path: string) => errors[path]?.[0];
  const knownCriterion = q.criterion === null || criteria.some((c) => c.id === q.criterion);
  return (
    <div className="stack" data-testid="question-settings">
      <div className="fields fields-2">
        <Field id={`${idBase}-title`} label="Question" error={err("title")} wide>
          {(a) => (
            <input
              {...a}
              type="text"
              value={q.title}
              onChange={(e) => onChange({ ...q, title: e.target.value })}
              data-testid="q-title-input"
            />
          )}
        </Field>
        <Field id={`${idBase}-help`} label="Help for labelers" hint="Optional. Shown under the question." error={err("help")} wide>
          {(a) => <textarea {...a} rows={2} value={q.help} onChange={(e) => onChange({ ...q, help: e.target.value })} />}
        </Field>
        <Field id={`${idBase}-id`} label="ID" hint="The key answers are stored under; keep it once labeling starts." error={err("id")}>
          {(a) => (
            <input
              {...a}
              type="text"
              className="mono"
              value={q.id}
              onChange={(e) => onChange({ ...q, id: e.target.value })}
              data-testid="q-id-input"
              spellCheck={false}
            />
          )}
        </Field>
        <Field id={`${idBase}-criterion`} label="Criterion" hint="The reward model this question feeds." error={err("criterion")}>
          {(a) => (
            <select
              {...a}
              value={q.criterion ?? ""}
              onChange={(e) => onChange({ ...q, criterion: e.target.value || null })}
              data-testid="q-criterion"
            >
              <option value="">No criterion</option>
              {criteria.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
              {!knownCriterion && <option value={q.criterion ?? ""}>{q.criterion} (not a project criterion)</option>}
            </select>
          )}
        </Field>
        <div className="f f-wide">
          <label className="check">
            <input type="checkbox" checked={q.required} onChange={(e) => onChange({ ...q, required: e.target.checked })} />
            <span>Required</span>
          </label>
        </div>
      </div>

      <ConditionEditor q={q} onChange={onChange} errors={errors} idBase={idBase} targets={targets} />

      <div className="form-section">
        <h3>{q.type} settings</h3>
        <TypeSettings q={q} onChange={onChange} errors={errors} idBase={idBase} criteria={criteria} />
      </div>
    </div>
  );
}

function ConditionEditor({ q, onChange, errors, idBase, targets }: Omit<TSettingsProps, "criteria"> & { targets: TQuestion[] }) {
  const condition = q.condition;
  const target = condition ? targets.find((t) => t.id === condition.questionId) : undefined;
  const wanted = condition ? (Array.isArray(condition.equals) ? condition.equals : [condition.equals]) : [];
  const targetError = errors["condition.questionId"]?.[0];
  const valueError = errorsUnder(errors, "condition.equals")[0];
  const otherError = errors.condition?.[0];

  const defaultFor = (t: TQuestion): TCondition["equals"] => (t.type === "choice" ? (t.options[0]?.value ?? "") : "");
  const enable = (on: boolean) => {
    const first = targets[0];
    onChange({ ...q, condition: on && first ? { questionId: first.id, equals: defaultFor(first) } : null });
  };
  const setTarget = (id: string) => {
    const t = targets.find((x) => x.id === id);
    onChange({ ...q, condition: { questionId: id, equals: t ? defaultFor(t) : "" } });
  };
  const toggleOption = (value: string, on: boolean) => {
    if (!condition) return;
    const next = on ? [...wanted.filter((v) => v !== value), value] : wanted.filter((v) => v !== value);
    onChange({ ...q, condition: { ...condition, equals: next.length === 1 ? (next[0] as string) : next } });
  };

  return (
    <fieldset className="f form-section" data-testid="q-condition">
      <legend className="visually-hidden">Condition</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={condition !== null}
          onChange={(e) => enable(e.target.checked)}
          disabled={condition === null && targets.length === 0}
          data-testid="q-condition-toggle"
        />
        <span>
          Show only after a certain answer
          {targets.length === 0 && condition === null && (
            <small>Add a choice or text question above this one to make it conditional.</small>
          )}
        </span>
      </label>
      {condition && (
        <div className="condition-row fields" style={{ marginTop: 8 }}>
          <Field id={`${idBase}-cond-q`} label="When the answer to" error={targetError}>
            {(a) => (
              <select {...a} value={condition.questionId} onChange={(e) => setTarget(e.target.value)} data-testid="q-condition-question">
                {!target && (
                  <option value={condition.questionId}>
                    {condition.questionId || "(choose)"} — not an earlier choice or text question
                  </option>
                )}
                {targets.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title || t.id}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {target?.type === "choice" ? (
            <fieldset className="f">
              <legend className="f-label">{target.multiple ? "includes any of" : "is one of"}</legend>
              <div className="row" data-testid="q-condition-options">
                {target.options.map((o) => (
                  <label key={o.value} className="check">
                    <input type="checkbox" checked={wanted.includes(o.value)} onChange={(e) => toggleOption(o.value, e.target.checked)} />
                    <span>{o.label}</span>
                  </label>
                ))}
              </div>
              {valueError && <span className="f-error">{valueError}</span>}
            </fieldset>
          ) : (
            <Field id={`${idBase}-cond-v`} label="is exactly" error={valueError}>
              {(a) => (
                <input
                  {...a}
                  type="text"
                  value={typeof condition.equals === "string" ? condition.equals : ""}
                  onChange={(e) => onChange({ ...q, condition: { ...condition, equals: e.target.value } })}
                />
              )}
            </Field>
          )}
          {otherError && <span className="f-error f-wide">{otherError}</span>}
        </div>
      )}
    </fieldset>
  );
}
