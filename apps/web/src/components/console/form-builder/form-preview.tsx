"use client";

import type { TFormDefinition } from "@rankwise/shared";
import { useMemo, useState } from "react";
import { FormRenderer } from "../../form/form-renderer.tsx";
import { MarkdownContent } from "../../markdown-content.tsx";
import { SAMPLE_LABELS, SAMPLE_PROMPT, SAMPLE_RESPONSES } from "./sample-item.ts";

/** The labeler's view of the form being built, on a built-in sample item; answers stay in the browser. */
export function FormPreview({ definition, stale }: { definition: TFormDefinition | null; stale: boolean }) {
  const [value, setValue] = useState<Record<string, unknown>>({});
  const pairs = useMemo(() => {
    const out: Record<string, [string, string]> = {};
    for (const q of definition?.questions ?? []) if (q.type === "pairwise") out[q.id] = ["r1", "r2"];
    return out;
  }, [definition]);
  // Answers belong to a question shape: when ids or types change, start the preview afresh.
  const shape = definition?.questions.map((q) => `${q.id}:${q.type}`).join(",") ?? "";
  const [answeredShape, setAnsweredShape] = useState(shape);
  if (shape !== answeredShape) {
    setAnsweredShape(shape);
    setValue({});
  }

  return (
    <section className="card preview-pane" aria-labelledby="form-preview-title" data-testid="form-preview">
      <div className="card-head">
        <div>
          <h2 id="form-preview-title">Live preview</h2>
          <p>What a labeler sees, on a sample item. Nothing here is saved.</p>
        </div>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setValue({})} disabled={Object.keys(value).length === 0}>
          Clear answers
        </button>
      </div>
      <div className="card-body">
        {stale && (
          <p className="notice-warning" role="status" style={{ margin: "0 0 12px" }}>
            Showing the last valid version of the form. Fix the marked problems to update the preview.
          </p>
        )}
        <details className="sample-prompt" open>
          <summary>
            <strong>Sample item:</strong> {SAMPLE_PROMPT}
          </summary>
          <ol className="stack-sm" style={{ margin: "10px 0 0", padding: 0, listStyle: "none" }}>
            {SAMPLE_RESPONSES.map((r, i) => (
              <li key={r.id} className="row" style={{ alignItems: "flex-start", flexWrap: "nowrap" }}>
                <span className="letter-chip" data-hue={i} aria-hidden="true">
                  {SAMPLE_LABELS[r.id]}
                </span>
                <div style={{ minWidth: 0 }}>
                  <span className="visually-hidden">Response {SAMPLE_LABELS[r.id]}: </span>
                  <MarkdownContent source={r.content.replaceAll("\n", "  \n")} />
                </div>
              </li>
            ))}
          </ol>
        </details>
        {definition ? (
          <FormRenderer
            form={definition}
            responses={SAMPLE_RESPONSES}
            pairs={pairs}
            value={value}
            onChange={setValue}
            labels={SAMPLE_LABELS}
          />
        ) : (
          <p className="muted">Add a question to see it here.</p>
        )}
      </div>
    </section>
  );
}
