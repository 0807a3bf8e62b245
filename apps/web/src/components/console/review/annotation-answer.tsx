import type { TQuestion } from "@rankwise/shared";

type TLetters = Record<string, string>;

const STEP_LABEL: Record<string, string> = { "1": "+", "0": "0", "-1": "−" };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const letter = (letters: TLetters, id: string) => letters[id] ?? id;

/** One labeler's answer to one question, read-only, in the same letters the labeler saw (A, B, …). */
export function AnnotationAnswer({ question, value, letters }: { question: TQuestion; value: unknown; letters: TLetters }) {
  if (value === undefined || value === null || value === "") return <span className="muted">No answer</span>;
  switch (question.type) {
    case "ranking":
      if (!Array.isArray(value)) break;
      return (
        <ol className="review-ranking" data-testid="answer-ranking">
          {value.map((tier, i) => (
            <li key={Array.isArray(tier) ? tier.join() : i}>
              {Array.isArray(tier) ? tier.map((id) => letter(letters, String(id))).join(" = ") : String(tier)}
            </li>
          ))}
        </ol>
      );
    case "pairwise":
      if (!isRecord(value) || !Array.isArray(value.pair)) break;
      return (
        <span>
          {value.value === 0
            ? "Tie"
            : `${letter(letters, String(Number(value.value) < 0 ? value.pair[0] : value.pair[1]))} better (${Math.abs(Number(value.value))})`}
        </span>
      );
    case "rating":
      if (!isRecord(value)) break;
      return (
        <ul className="review-kv">
          {Object.entries(value).map(([id, score]) => (
            <li key={id}>
              <span>{letter(letters, id)}</span> <strong>{String(score)}</strong>
            </li>
          ))}
        </ul>
      );
    case "choice": {
      const chosen = Array.isArray(value) ? value.map(String) : [String(value)];
      return <span>{chosen.map((v) => question.options.find((o) => o.value === v)?.label ?? v).join(", ")}</span>;
    }
    case "text":
      return <p className="review-text">{String(value)}</p>;
    case "rules":
      if (!isRecord(value)) break;
      return (
        <ul className="review-kv">
          {Object.entries(value).map(([responseId, cells]) => (
            <li key={responseId}>
              <span>{letter(letters, responseId)}</span>{" "}
              {isRecord(cells)
                ? question.rules
                    .filter((r) => isRecord(cells[r.id]))
                    .map((r) => `${r.id}: ${String((cells[r.id] as Record<string, unknown>).verdict)}`)
                    .join(" · ")
                : ""}
            </li>
          ))}
        </ul>
      );
    case "steps":
      if (!isRecord(value)) break;
      return (
        <ul className="review-kv">
          {Object.entries(value).map(([responseId, labels]) => (
            <li key={responseId}>
              <span>{letter(letters, responseId)}</span>{" "}
              <span className="mono">{Array.isArray(labels) ? labels.map((l) => STEP_LABEL[String(l)] ?? String(l)).join(" ") : ""}</span>
            </li>
          ))}
        </ul>
      );
  }
  return <code className="mono">{JSON.stringify(value)}</code>;
}
