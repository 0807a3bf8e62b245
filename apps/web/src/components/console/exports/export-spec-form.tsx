"use client";

import { EXPORT_FORMATS, type TCriterion } from "@rankwise/shared";
import { CheckField, InputField, numeric, SelectField } from "../field.tsx";
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

const TIER_OPTIONS = [
  ["", "Any labeler"],
  ["QUALIFIED", "Qualified and above"],
  ["SUPER_RATER", "Super raters only"],
] as const;

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
          <SelectField
            id={`${idBase}-format`}
            label="Format"
            hint={`${FORMATS[draft.format].rows} — for ${FORMATS[draft.format].trainer}`}
            error={err("format")}
            options={EXPORT_FORMATS.map((f) => [f, `${FORMATS[f].label} (${f})`] as const)}
            select={{
              value: draft.format,
              onChange: (e) => set("format", e.target.value as TSpecDraft["format"]),
              "data-testid": "export-format",
            }}
          />
          <SelectField
            id={`${idBase}-criterion`}
            label="Criterion"
            hint="One reward model per criterion."
            error={err("criterion")}
            options={[
              [ALL_CRITERIA, "All questions"],
              ...criteria.map((c) => [c.id, c.name] as const),
              ["", "Questions without a criterion"],
            ]}
            select={{ value: draft.criterion, onChange: (e) => set("criterion", e.target.value), "data-testid": "export-criterion" }}
          />
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
          <SelectField
            id={`${idBase}-tier`}
            label="Minimum tier"
            error={err("minTier")}
            options={TIER_OPTIONS}
            select={{
              value: draft.minTier,
              onChange: (e) => set("minTier", e.target.value as TSpecDraft["minTier"]),
              "data-testid": "export-min-tier",
            }}
          />
          <InputField
            id={`${idBase}-gold`}
            label="Min. gold agreement (%)"
            hint="Empty: no minimum."
            error={err("minGoldAgreement")}
            input={{
              ...numeric(0, 100),
              placeholder: "—",
              value: draft.minGoldAgreement,
              onChange: (e) => set("minGoldAgreement", e.target.value),
            }}
          />
          <div className="f" style={{ justifyContent: "flex-end" }}>
            <CheckField
              label="Leave out honeypot items"
              checked={draft.excludeHoneypots}
              onChange={(v) => set("excludeHoneypots", v)}
              testId="export-honeypots"
            />
          </div>
        </div>
      </section>

      {uses.pairs ? (
        <section className="form-section">
          <h3>Pairs</h3>
          <div className="fields">
            <SelectField
              id={`${idBase}-pairs`}
              label="Pairs from a ranking"
              error={err("pairs")}
              options={Object.entries(PAIR_LABELS) as [TSpecDraft["pairs"], string][]}
              select={{
                value: draft.pairs,
                onChange: (e) => set("pairs", e.target.value as TSpecDraft["pairs"]),
                "data-testid": "export-pairs",
              }}
            />
            <SelectField
              id={`${idBase}-agg`}
              label="Aggregation"
              error={err("aggregation")}
              options={Object.entries(AGGREGATION_LABELS) as [TSpecDraft["aggregation"], string][]}
              select={{
                value: draft.aggregation,
                onChange: (e) => set("aggregation", e.target.value as TSpecDraft["aggregation"]),
                "data-testid": "export-aggregation",
              }}
            />
            <InputField
              id={`${idBase}-minann`}
              label="Min. annotators"
              hint={draft.aggregation === "none" ? "Applies with aggregation." : "Per pair (majority) or item (Bradley–Terry)."}
              error={err("minAnnotators")}
              input={{
                ...numeric(1, 100),
                value: num(draft.minAnnotators),
                onChange: (e) => set("minAnnotators", e.target.valueAsNumber),
                disabled: draft.aggregation === "none",
                "data-testid": "export-min-annotators",
              }}
            />
            <InputField
              id={`${idBase}-gap`}
              label="Rating gap"
              hint="Ratings this far apart make a pair; 0: never."
              error={err("ratingGap")}
              input={{ ...numeric(0, 100, "any"), value: num(draft.ratingGap), onChange: (e) => set("ratingGap", e.target.valueAsNumber) }}
            />
          </div>
          <div className="row" style={{ gap: "8px 24px", marginTop: 10 }}>
            {uses.keepTies && (
              <CheckField label="Keep ties" note="As rows with margin 0." checked={draft.keepTies} onChange={(v) => set("keepTies", v)} />
            )}
            <CheckField
              label="Drop duplicate rows"
              note="Same prompt, chosen and rejected."
              checked={draft.dedupe}
              onChange={(v) => set("dedupe", v)}
            />
          </div>
        </section>
      ) : (
        <section className="form-section">
          <h3>Rows</h3>
          <CheckField label="Drop duplicate rows" checked={draft.dedupe} onChange={(v) => set("dedupe", v)} />
        </section>
      )}

      <section className="form-section">
        <h3>Split</h3>
        <div className="split-inputs fields">
          {(["train", "test", "validation"] as const).map((k) => (
            <InputField
              key={k}
              id={`${idBase}-${k}`}
              label={`${k[0]?.toUpperCase()}${k.slice(1)} %`}
              error={err(k)}
              input={{
                ...numeric(0, 100),
                value: num(draft[k]),
                onChange: (e) => set(k, e.target.valueAsNumber),
                "data-testid": `export-split-${k}`,
              }}
            />
          ))}
          <InputField
            id={`${idBase}-seed`}
            label="Seed"
            error={err("seed")}
            input={{
              ...numeric(0),
              value: num(draft.seed),
              onChange: (e) => set("seed", e.target.valueAsNumber),
              "data-testid": "export-seed",
            }}
          />
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
              <InputField
                key={k}
                id={`${idBase}-${k}`}
                label={label}
                error={err(k) ?? (k === "keyPrompt" ? err("keys") : undefined)}
                input={{ className: "mono", value: draft[k], onChange: (e) => set(k, e.target.value) }}
              />
            ))}
        </div>
        <div className="row" style={{ gap: "8px 24px", marginTop: 10 }}>
          {uses.margin && (
            <CheckField
              label="Include margin"
              note="Preference strength, read by RewardTrainer."
              checked={draft.includeMargin}
              onChange={(v) => set("includeMargin", v)}
            />
          )}
          <CheckField
            label="Gzip files"
            note={
              <>
                <code>.jsonl.gz</code>; <code>datasets</code> reads them as they are.
              </>
            }
            checked={draft.gzip}
            onChange={(v) => set("gzip", v)}
            testId="export-gzip"
          />
        </div>
      </section>

      <details className="form-section">
        <summary className="muted" style={{ cursor: "pointer" }}>
          Answer dates
        </summary>
        <div className="fields fields-2" style={{ marginTop: 10 }}>
          <InputField
            id={`${idBase}-from`}
            label="Answered from (your time)"
            error={err("from")}
            input={{ type: "datetime-local", value: draft.from, onChange: (e) => set("from", e.target.value) }}
          />
          <InputField
            id={`${idBase}-to`}
            label="Answered until (your time)"
            error={err("to")}
            input={{ type: "datetime-local", value: draft.to, onChange: (e) => set("to", e.target.value) }}
          />
        </div>
      </details>
    </div>
  );
}
