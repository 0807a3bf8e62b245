import type { TFormDefinition, TItemAnnotation } from "@rankwise/shared";
import { Badge } from "../state-views.tsx";
import { AnnotationAnswer } from "./annotation-answer.tsx";

const TIER_TEXT: Record<string, string> = { SUPER_RATER: "super rater", QUALIFIED: "qualified", SUSPENDED: "suspended" };

function formatDuration(ms: number | null): string {
  if (ms === null) return "time unknown";
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

/** One labeler's whole answer as a column, question by question in form order. */
export function AnnotationColumn({
  annotation: a,
  form,
  letters,
  chosen,
  onChoose,
}: {
  annotation: TItemAnnotation;
  form: TFormDefinition;
  letters: Record<string, string>;
  chosen: boolean;
  onChoose: () => void;
}) {
  const known = new Set(form.questions.map((q) => q.id));
  const extra = Object.keys(a.answers).filter((k) => !known.has(k));
  const seen = a.displayOrder.map((rid) => letters[rid] ?? rid).join(" ");
  return (
    <article className="review-column" data-testid="review-annotation" data-labeler={a.labeler.email} data-chosen={chosen}>
      <header className="review-column-head">
        <strong>{a.labeler.name}</strong>
        <div className="row">
          <Badge tone={a.labeler.kind === "AI" ? "info" : "neutral"}>{a.labeler.kind === "AI" ? "AI" : "human"}</Badge>
          {a.labeler.tier && (
            <Badge tone={a.labeler.tier === "SUPER_RATER" ? "success" : "neutral"}>
              {TIER_TEXT[a.labeler.tier] ?? a.labeler.tier.toLowerCase()}
            </Badge>
          )}
        </div>
        <div className="review-column-meta">
          {formatDuration(a.durationMs)} · form v{a.formVersion ?? "?"}
          {seen && <> · saw {seen}</>}
        </div>
      </header>
      <dl>
        {form.questions.map((q) => (
          <div key={q.id}>
            <dt>{q.title}</dt>
            <dd>
              <AnnotationAnswer question={q} value={a.answers[q.id]} letters={letters} />
            </dd>
          </div>
        ))}
        {extra.map((k) => (
          <div key={k}>
            <dt className="mono">{k}</dt>
            <dd>
              <code className="mono">{JSON.stringify(a.answers[k])}</code>
            </dd>
          </div>
        ))}
      </dl>
      <div className="card-foot">
        <button
          type="button"
          className={chosen ? "btn btn-sm btn-primary" : "btn btn-sm"}
          onClick={onChoose}
          aria-pressed={chosen}
          data-testid="review-use-answer"
        >
          {chosen ? "Gold starts from this answer" : "Use this answer for gold"}
        </button>
      </div>
    </article>
  );
}
