"use client";

import { EXPORT_FORMATS, type TCriterion } from "@rankwise/shared";
import { Field } from "../field.tsx";
import type { TFieldErrors } from "../field-errors.ts";
import { ALL_CRITERIA, FORMATS, formatUses, type TSpecDraft } from "./export-spec-draft.ts";

const PAIR_LABELS = {
  all: "Every ranked pair",
  "best-vs-rest": "Best against each other",
  adjacent: "Neighbours in the ranking",
  "best-vs-worst": "Best against worst",
} as const;

const AGGREGATION_LABELS = {
  none: "None (every labeler)",
  majority: "Majority vote",
  "bradley-terry": "Bradley–Terry",
} as const;

type TProps = {
  draft: TSpecDraft;
  onChange: (next: TSpecDraft) => void;
  errors: TFieldErrors;
  criteria: readonly TCriterion[];
  idBase: string;
};

function Segmented<V extends string>({
  name,
  label,
  value,
  options,
  onChange,
}: {
  name: string;
  label: string;
  value: V;
  options: [V, string][];
  onChange: (v: V) => void;
}) {
  return (
    <fieldset className="f">
      <legend>{label}</legend>
      <div className="segmented">
        {options.map(([v, text]) => (
          <label key={v}>
            <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
            {text}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Every ZExportSpec setting, grouped by the question it answers: what, who, which pairs, which split, which shape. */
export function ExportSpecForm({ draft, onChange, errors, criteria, idBase }: TProps) {
  const set = <K extends keyof TSpecDraft>(key: K, value: TSpecDraft[K]) => onChange({ ...draft, [key]: value });
  const err = (key: string) => errors[key]?.[0];
  const uses = formatUses(draft.format);
  const splitSum = draft.train + draft.test + draft.validation;
  const num = (n: number) => (Number.isNaN(n) ? "" : n);

  return (
    <div className="stack" data-testid="export-spec-form">
      <section className="form-section">
        <h3>What</h3>
        <div className="fields fields-2">
          <Field
            id={`${idBase}-format`}
            label="Format"
            hint={`${FORMATS[draft.format].rows} — for ${FORMATS[draft.format].trainer}`}
            error={err("format")}
          >
            {(a) => (
              <select
                {...a}
                value={draft.format}
                onChange={(e) => set("format", e.target.value as TSpecDraft["format"])}
                data-testid="export-format"
              >
                {EXPORT_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {FORMATS[f].label} ({f})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={`${idBase}-criterion`} label="Criterion" hint="One reward model per criterion." error={err("criterion")}>
            {(a) => (
              <select {...a} value={draft.criterion} onChange={(e) => set("criterion", e.target.value)} data-testid="export-criterion">
                <option value={ALL_CRITERIA}>All questions</option>
                {criteria.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
                <option value="">Questions without a criterion</option>
              </select>
            )}
          </Field>
        </div>
      </section>

      <section className="form-section">
        <h3>Who</h3>
        <div className="fields">
          <Segmented
            name={`${idBase}-kind`}
            label="Labelers"
            value={draft.labelerKind}
            onChange={(v) => set("labelerKind", v)}
            options={[
              ["HUMAN", "Humans"],
              ["AI", "AI"],
              ["ALL", "Both"],
            ]}
          />
          <Field id={`${idBase}-tier`} label="Minimum tier" error={err("minTier")}>
            {(a) => (
              <select
                {...a}
                value={draft.minTier}
                onChange={(e) => set("minTier", e.target.value as TSpecDraft["minTier"])}
                data-testid="export-min-tier"
              >
                <option value="">Any labeler</option>
                <option value="QUALIFIED">Qualified and above</option>
                <option value="SUPER_RATER">Super raters only</option>
              </select>
            )}
          </Field>
          <Field id={`${idBase}-gold`} label="Min. gold agreement (%)" hint="Empty: no minimum." error={err("minGoldAgreement")}>
            {(a) => (
              <input
                {...a}
                type="number"
                min={0}
                max={100}
                placeholder="—"
                value={draft.minGoldAgreement}
                onChange={(e) => set("minGoldAgreement", e.target.value)}
              />
            )}
          </Field>
          <div className="f" style={{ justifyContent: "flex-end" }}>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.excludeHoneypots}
                onChange={(e) => set("excludeHoneypots", e.target.checked)}
                data-testid="export-honeypots"
              />
              <span>Leave out honeypot items</span>
            </label>
          </div>
        </div>
      </section>

      {uses.pairs ? (
        <section className="form-section">
          <h3>Pairs</h3>
          <div className="fields">
            <Field id={`${idBase}-pairs`} label="Pairs from a ranking" error={err("pairs")}>
              {(a) => (
                <select
                  {...a}
                  value={draft.pairs}
                  onChange={(e) => set("pairs", e.target.value as TSpecDraft["pairs"])}
                  data-testid="export-pairs"
                >
                  {Object.entries(PAIR_LABELS).map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={`${idBase}-agg`} label="Aggregation" error={err("aggregation")}>
              {(a) => (
                <select
                  {...a}
                  value={draft.aggregation}
                  onChange={(e) => set("aggregation", e.target.value as TSpecDraft["aggregation"])}
                  data-testid="export-aggregation"
                >
                  {Object.entries(AGGREGATION_LABELS).map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              id={`${idBase}-minann`}
              label="Min. annotators"
              hint={draft.aggregation === "none" ? "Applies with aggregation." : "Per pair (majority) or item (Bradley–Terry)."}
              error={err("minAnnotators")}
            >
              {(a) => (
                <input
                  {...a}
                  type="number"
                  min={1}
                  max={100}
                  value={num(draft.minAnnotators)}
                  onChange={(e) => set("minAnnotators", e.target.valueAsNumber)}
                  disabled={draft.aggregation === "none"}
                  data-testid="export-min-annotators"
                />
              )}
            </Field>
            <Field id={`${idBase}-gap`} label="Rating gap" hint="Ratings this far apart make a pair; 0: never." error={err("ratingGap")}>
              {(a) => (
                <input
                  {...a}
                  type="number"
                  min={0}
                  max={100}
                  step="any"
                  value={num(draft.ratingGap)}
                  onChange={(e) => set("ratingGap", e.target.valueAsNumber)}
                />
              )}
            </Field>
          </div>
          <div className="row" style={{ gap: "8px 24px", marginTop: 10 }}>
            {uses.keepTies && (
              <label className="check">
                <input type="checkbox" checked={draft.keepTies} onChange={(e) => set("keepTies", e.target.checked)} />
                <span>
                  Keep ties
                  <small>As rows with margin 0.</small>
                </span>
              </label>
            )}
            <label className="check">
              <input type="checkbox" checked={draft.dedupe} onChange={(e) => set("dedupe", e.target.checked)} />
              <span>
                Drop duplicate rows
                <small>Same prompt, chosen and rejected.</small>
              </span>
            </label>
          </div>
        </section>
      ) : (
        <section className="form-section">
          <h3>Rows</h3>
          <label className="check">
            <input type="checkbox" checked={draft.dedupe} onChange={(e) => set("dedupe", e.target.checked)} />
            <span>Drop duplicate rows</span>
          </label>
        </section>
      )}

      <section className="form-section">
        <h3>Split</h3>
        <div className="split-inputs fields">
          {(["train", "test", "validation"] as const).map((k) => (
            <Field key={k} id={`${idBase}-${k}`} label={`${k[0]?.toUpperCase()}${k.slice(1)} %`} error={err(k)}>
              {(a) => (
                <input
                  {...a}
                  type="number"
                  min={0}
                  max={100}
                  value={num(draft[k])}
                  onChange={(e) => set(k, e.target.valueAsNumber)}
                  data-testid={`export-split-${k}`}
                />
              )}
            </Field>
          ))}
          <Field id={`${idBase}-seed`} label="Seed" error={err("seed")}>
            {(a) => (
              <input
                {...a}
                type="number"
                min={0}
                value={num(draft.seed)}
                onChange={(e) => set("seed", e.target.valueAsNumber)}
                data-testid="export-seed"
              />
            )}
          </Field>
        </div>
        <p className={errors.split ? "f-error" : "f-hint"} style={{ margin: "6px 0 0" }} data-testid="export-split-sum">
          {errors.split
            ? `${errors.split[0]} (now ${Number.isNaN(splitSum) ? "—" : splitSum}%).`
            : "Items, not rows, are split: all rows of an item land in the same split. The same seed gives the same split."}
        </p>
      </section>

      <section className="form-section">
        <h3>Shape</h3>
        <div className="fields">
          {uses.style && (
            <Segmented
              name={`${idBase}-style`}
              label="Style"
              value={draft.style}
              onChange={(v) => set("style", v)}
              options={[
                ["conversational", "Messages"],
                ["standard", "Plain text"],
              ]}
            />
          )}
          {uses.prompt && (
            <Segmented
              name={`${idBase}-prompt`}
              label="Prompt"
              value={draft.prompt}
              onChange={(v) => set("prompt", v)}
              options={[
                ["explicit", "Own field"],
                ["implicit", "In chosen/rejected"],
              ]}
            />
          )}
          {uses.keys &&
            (
              [
                ["keyPrompt", "Prompt key"],
                ["keyChosen", "Chosen key"],
                ["keyRejected", "Rejected key"],
              ] as const
            ).map(([k, label]) => (
              <Field key={k} id={`${idBase}-${k}`} label={label} error={err(k) ?? (k === "keyPrompt" ? err("keys") : undefined)}>
                {(a) => <input {...a} type="text" className="mono" value={draft[k]} onChange={(e) => set(k, e.target.value)} />}
              </Field>
            ))}
        </div>
        <div className="row" style={{ gap: "8px 24px", marginTop: 10 }}>
          {uses.margin && (
            <label className="check">
              <input type="checkbox" checked={draft.includeMargin} onChange={(e) => set("includeMargin", e.target.checked)} />
              <span>
                Include margin
                <small>Preference strength, read by RewardTrainer.</small>
              </span>
            </label>
          )}
          <label className="check">
            <input type="checkbox" checked={draft.gzip} onChange={(e) => set("gzip", e.target.checked)} data-testid="export-gzip" />
            <span>
              Gzip files
              <small>
                <code>.jsonl.gz</code>; <code>datasets</code> reads them as they are.
              </small>
            </span>
          </label>
        </div>
      </section>

      <details className="form-section">
        <summary className="muted" style={{ cursor: "pointer" }}>
          Answer dates
        </summary>
        <div className="fields fields-2" style={{ marginTop: 10 }}>
          <Field id={`${idBase}-from`} label="Answered from (your time)" error={err("from")}>
            {(a) => <input {...a} type="datetime-local" value={draft.from} onChange={(e) => set("from", e.target.value)} />}
          </Field>
          <Field id={`${idBase}-to`} label="Answered until (your time)" error={err("to")}>
            {(a) => <input {...a} type="datetime-local" value={draft.to} onChange={(e) => set("to", e.target.value)} />}
          </Field>
        </div>
      </details>
    </div>
  );
}
