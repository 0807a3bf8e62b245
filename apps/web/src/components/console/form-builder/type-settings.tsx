"use client";

import type { TChoiceQuestion, TPairwiseQuestion, TRatingQuestion, TRule, TRulesQuestion, TTextQuestion } from "@rankwise/shared";
import { Field } from "../field.tsx";
import { errorsUnder } from "../field-errors.ts";
import { ListEditor } from "./list-editor.tsx";
import { numberValue, type TSettingsProps } from "./question-settings.tsx";

/** The settings only one question type has. */
export function TypeSettings(props: TSettingsProps) {
  const { q, onChange, errors, idBase } = props;
  const err = (path: string) => errors[path]?.[0];
  switch (q.type) {
    case "ranking":
      return (
        <div className="fields">
          <Field
            id={`${idBase}-topk`}
            label="Rank only the top"
            hint="Empty: rank every response. The rest form one bottom tier."
            error={err("topK")}
          >
            {(a) => (
              <input
                {...a}
                type="number"
                min={1}
                max={15}
                placeholder="All"
                value={numberValue(q.topK)}
                onChange={(e) => onChange({ ...q, topK: e.target.value === "" ? null : e.target.valueAsNumber })}
                data-testid="q-topk"
              />
            )}
          </Field>
          <div className="f" style={{ justifyContent: "center" }}>
            <label className="check">
              <input
                type="checkbox"
                checked={q.allowTies}
                onChange={(e) => onChange({ ...q, allowTies: e.target.checked })}
                data-testid="q-allow-ties"
              />
              <span>Allow ties</span>
            </label>
          </div>
        </div>
      );
    case "pairwise":
      return <PairwiseSettings {...props} q={q} />;
    case "rating":
      return <RatingSettings {...props} q={q} />;
    case "choice":
      return <ChoiceSettings {...props} q={q} />;
    case "text":
      return <TextSettings {...props} q={q} />;
    case "rules":
      return <RulesSettings {...props} q={q} />;
    case "steps":
      return (
        <label className="check">
          <input
            type="checkbox"
            checked={q.stopAtFirstNegative}
            onChange={(e) => onChange({ ...q, stopAtFirstNegative: e.target.checked })}
            data-testid="q-stop-first-negative"
          />
          <span>
            Stop at the first wrong step
            <small>PRM800K style: steps after the first one marked wrong are not labeled.</small>
          </span>
        </label>
      );
  }
}

function PairwiseSettings({ q, onChange, errors }: TSettingsProps<TPairwiseQuestion>) {
  return (
    <div className="stack-sm">
      <fieldset className="f">
        <legend>Strengths, weakest first</legend>
        <ListEditor
          items={q.strengths}
          onChange={(strengths) => onChange({ ...q, strengths })}
          min={1}
          max={5}
          addLabel="Strength"
          itemName={(s, i) => `strength ${s || i + 1}`}
          makeNew={() => "Much better"}
          error={errors.strengths?.[0]}
          renderRow={(s, i, update) => (
            <div className="f">
              <input
                className="control"
                type="text"
                aria-label={`Strength ${i + 1}`}
                value={s}
                onChange={(e) => update(e.target.value)}
                aria-invalid={errors[`strengths.${i}`] ? true : undefined}
              />
              {errors[`strengths.${i}`] && <span className="f-error">{errors[`strengths.${i}`]?.[0]}</span>}
            </div>
          )}
        />
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={q.allowTie} onChange={(e) => onChange({ ...q, allowTie: e.target.checked })} />
        <span>Allow "about the same"</span>
      </label>
    </div>
  );
}

function RatingSettings({ q, onChange, errors, idBase }: TSettingsProps<TRatingQuestion>) {
  const points =
    Number.isInteger(q.min) && Number.isInteger(q.max) && q.max > q.min && q.max - q.min <= 30
      ? Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i)
      : [];
  const setLabel = (point: number, text: string) => {
    const labels = { ...q.labels };
    if (text) labels[String(point)] = text;
    else delete labels[String(point)];
    onChange({ ...q, labels });
  };
  // Labels for points no longer on the scale would be saved silently; drop them with the range.
  const setRange = (patch: Partial<Pick<TRatingQuestion, "min" | "max">>) => {
    const next = { ...q, ...patch };
    const labels = Object.fromEntries(Object.entries(next.labels).filter(([k]) => Number(k) >= next.min && Number(k) <= next.max));
    onChange({ ...next, labels: Number.isNaN(next.min) || Number.isNaN(next.max) ? next.labels : labels });
  };
  return (
    <div className="stack-sm">
      <div className="fields">
        <Field id={`${idBase}-min`} label="Lowest score" error={errors.min?.[0]}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={-10}
              max={10}
              value={numberValue(q.min)}
              onChange={(e) => setRange({ min: e.target.valueAsNumber })}
              data-testid="q-rating-min"
            />
          )}
        </Field>
        <Field id={`${idBase}-max`} label="Highest score" error={errors.max?.[0]}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={-9}
              max={20}
              value={numberValue(q.max)}
              onChange={(e) => setRange({ max: e.target.valueAsNumber })}
              data-testid="q-rating-max"
            />
          )}
        </Field>
      </div>
      {points.length > 0 && (
        <fieldset className="f">
          <legend>Point labels (optional)</legend>
          <div className="rating-labels fields">
            {points.map((p) => (
              <label key={p}>
                {p}
                <input
                  type="text"
                  value={q.labels[String(p)] ?? ""}
                  onChange={(e) => setLabel(p, e.target.value)}
                  aria-invalid={errors[`labels.${p}`] ? true : undefined}
                />
              </label>
            ))}
          </div>
          {errorsUnder(errors, "labels")[0] && <span className="f-error">{errorsUnder(errors, "labels")[0]}</span>}
        </fieldset>
      )}
    </div>
  );
}

function ChoiceSettings({ q, onChange, errors }: TSettingsProps<TChoiceQuestion>) {
  const taken = new Set(q.options.map((o) => o.value));
  return (
    <div className="stack-sm">
      <fieldset className="f">
        <legend>Options</legend>
        <span className="f-hint">The value is what exports and conditions use; the label is what labelers read.</span>
        <ListEditor
          items={q.options}
          onChange={(options) => onChange({ ...q, options })}
          min={2}
          max={30}
          addLabel="Option"
          itemName={(o, i) => `option ${o.label || i + 1}`}
          makeNew={() => {
            let n = q.options.length + 1;
            while (taken.has(`option_${n}`)) n++;
            return { value: `option_${n}`, label: `Option ${n}` };
          }}
          error={errors.options?.[0]}
          renderRow={(o, i, update) => (
            <div className="list-fields option">
              <div className="f">
                <input
                  className="control mono"
                  type="text"
                  aria-label={`Option ${i + 1} value`}
                  value={o.value}
                  onChange={(e) => update({ ...o, value: e.target.value })}
                  aria-invalid={errors[`options.${i}.value`] ? true : undefined}
                  spellCheck={false}
                />
                {errors[`options.${i}.value`] && <span className="f-error">{errors[`options.${i}.value`]?.[0]}</span>}
              </div>
              <div className="f">
                <input
                  className="control"
                  type="text"
                  aria-label={`Option ${i + 1} label`}
                  value={o.label}
                  onChange={(e) => update({ ...o, label: e.target.value })}
                  aria-invalid={errors[`options.${i}.label`] ? true : undefined}
                />
                {errors[`options.${i}.label`] && <span className="f-error">{errors[`options.${i}.label`]?.[0]}</span>}
              </div>
            </div>
          )}
        />
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={q.multiple}
          onChange={(e) => onChange({ ...q, multiple: e.target.checked })}
          data-testid="q-multiple"
        />
        <span>Allow several options</span>
      </label>
    </div>
  );
}

function TextSettings({ q, onChange, errors, idBase }: TSettingsProps<TTextQuestion>) {
  return (
    <div className="fields">
      <Field id={`${idBase}-minlen`} label="Minimum characters" error={errors.minLength?.[0]}>
        {(a) => (
          <input
            {...a}
            type="number"
            min={0}
            max={20000}
            value={numberValue(q.minLength)}
            onChange={(e) => onChange({ ...q, minLength: e.target.valueAsNumber })}
          />
        )}
      </Field>
      <Field id={`${idBase}-maxlen`} label="Maximum characters" error={errors.maxLength?.[0]}>
        {(a) => (
          <input
            {...a}
            type="number"
            min={1}
            max={20000}
            value={numberValue(q.maxLength)}
            onChange={(e) => onChange({ ...q, maxLength: e.target.valueAsNumber })}
            data-testid="q-text-max"
          />
        )}
      </Field>
      <Field id={`${idBase}-placeholder`} label="Placeholder" error={errors.placeholder?.[0]}>
        {(a) => <input {...a} type="text" value={q.placeholder} onChange={(e) => onChange({ ...q, placeholder: e.target.value })} />}
      </Field>
    </div>
  );
}

function RulesSettings({ q, onChange, errors, criteria }: TSettingsProps<TRulesQuestion>) {
  const taken = new Set(q.rules.map((r) => r.id));
  return (
    <div className="stack-sm">
      <fieldset className="f">
        <legend>Rules</legend>
        <span className="f-hint">Labelers answer yes / no for every rule and response. A rule may feed its own criterion.</span>
        <ListEditor<TRule>
          items={q.rules}
          onChange={(rules) => onChange({ ...q, rules })}
          min={1}
          max={50}
          addLabel="Rule"
          itemName={(r, i) => `rule ${r.id || i + 1}`}
          makeNew={() => {
            let n = q.rules.length + 1;
            while (taken.has(`rule_${n}`)) n++;
            return { id: `rule_${n}`, text: "", criterion: null };
          }}
          error={errors.rules?.[0]}
          renderRow={(r, i, update) => (
            <div className="list-fields rule">
              <div className="f">
                <input
                  className="control mono"
                  type="text"
                  aria-label={`Rule ${i + 1} id`}
                  value={r.id}
                  onChange={(e) => update({ ...r, id: e.target.value })}
                  aria-invalid={errors[`rules.${i}.id`] ? true : undefined}
                  spellCheck={false}
                />
                {errors[`rules.${i}.id`] && <span className="f-error">{errors[`rules.${i}.id`]?.[0]}</span>}
              </div>
              <div className="f">
                <input
                  className="control"
                  type="text"
                  aria-label={`Rule ${i + 1} text`}
                  placeholder="e.g. Refuses clearly harmful requests"
                  value={r.text}
                  onChange={(e) => update({ ...r, text: e.target.value })}
                  aria-invalid={errors[`rules.${i}.text`] ? true : undefined}
                  data-testid="q-rule-text"
                />
                {errors[`rules.${i}.text`] && <span className="f-error">{errors[`rules.${i}.text`]?.[0]}</span>}
              </div>
              <select
                className="control"
                aria-label={`Rule ${i + 1} criterion`}
                value={r.criterion ?? ""}
                onChange={(e) => update({ ...r, criterion: e.target.value || null })}
              >
                <option value="">Question's criterion</option>
                {criteria.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
          )}
        />
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={q.allowUnsure} onChange={(e) => onChange({ ...q, allowUnsure: e.target.checked })} />
        <span>Allow "unsure"</span>
      </label>
    </div>
  );
}
