"use client";

import type { TRuleCell, TRulesQuestion, TSpan } from "@rankwise/shared";
import { type KeyboardEvent, useState } from "react";
import { ruleCell, setRuleEvidence, setRuleVerdict } from "../../lib/form-answers.ts";
import { spanText } from "../../lib/quote-span.ts";
import { EvidenceDialog, type TEvidenceTarget } from "./evidence-dialog.tsx";
import { OptionRadio } from "./option-radio.tsx";
import type { TQuestionProps } from "./types.ts";

const VERDICTS: { verdict: TRuleCell["verdict"]; face: string; name: string; tone: "good" | "bad" | "neutral" }[] = [
  { verdict: "yes", face: "Yes", name: "Yes", tone: "good" },
  { verdict: "no", face: "No", name: "No", tone: "bad" },
  { verdict: "unsure", face: "?", name: "Unsure", tone: "neutral" },
];

function QuoteIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M3 9.5c0-2.6 1.2-4.3 3.4-5l.5 1c-1.2.5-1.9 1.4-2 2.5H6.5V12H3V9.5zm6.5 0c0-2.6 1.2-4.3 3.4-5l.5 1c-1.2.5-1.9 1.4-2 2.5H13V12H9.5V9.5z"
        fill="currentColor"
      />
    </svg>
  );
}

/**
 * A grid of rules (rows) × responses (columns). Each cell is a yes / no / unsure radio group;
 * `1`–`3` answer and move down the column; `e` (or the quote button) attaches evidence.
 */
export function RulesQuestion({ question, value, onAnswer, responses, disabled, idBase, announce }: TQuestionProps<TRulesQuestion>) {
  const [evidenceFor, setEvidenceFor] = useState<TEvidenceTarget | null>(null);
  const verdicts = question.allowUnsure ? VERDICTS : VERDICTS.filter((v) => v.verdict !== "unsure");
  const evidenceResponse = responses.find((r) => r.id === evidenceFor?.responseId);
  const evidenceSpan = evidenceFor ? ruleCell(value, evidenceFor.responseId, evidenceFor.ruleId)?.evidence : undefined;

  const openEvidence = (responseId: string, ruleIndex: number) => {
    const rule = question.rules[ruleIndex];
    if (!rule) return;
    const r = responses.find((x) => x.id === responseId);
    if (!ruleCell(value, responseId, rule.id)) {
      announce(`Give Response ${r?.letter ?? ""} a verdict for rule ${ruleIndex + 1} first, then quote evidence.`);
      return;
    }
    setEvidenceFor({ responseId, ruleId: rule.id, ruleNumber: ruleIndex + 1, ruleText: rule.text });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "e" || event.ctrlKey || event.metaKey || event.altKey || disabled) return;
    const target = event.target as HTMLElement;
    if (target.closest("dialog")) return;
    const cell = target.closest<HTMLElement>("[data-rule-cell]");
    if (!cell) return;
    event.preventDefault();
    openEvidence(cell.dataset.responseIds ?? "", Number(cell.dataset.row));
  };

  const attached: { key: string; letter: string; hue: number; ruleNumber: number; text: string }[] = [];
  for (const r of responses) {
    question.rules.forEach((rule, i) => {
      const text = spanText(r.content, ruleCell(value, r.id, rule.id)?.evidence);
      if (text !== null) attached.push({ key: `${r.id}:${rule.id}`, letter: r.letter, hue: r.hue, ruleNumber: i + 1, text });
    });
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegates the `e` shortcut of the radio groups inside
    <div className="rules" onKeyDown={onKeyDown}>
      <div className="rules-scroll">
        <table className="rules-grid">
          <thead>
            <tr>
              <th scope="col" className="rules-rule-col">
                Rule
              </th>
              {responses.map((r) => (
                <th key={r.id} scope="col">
                  <span className="letter-chip" data-hue={r.hue} aria-hidden="true">
                    {r.letter}
                  </span>
                  <span className="visually-hidden">Response {r.letter}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {question.rules.map((rule, ri) => (
              <tr key={rule.id}>
                <th scope="row" className="rules-rule">
                  <div className="rules-rule-inner">
                    <span className="rule-num" aria-hidden="true">
                      {ri + 1}
                    </span>
                    <span>
                      {rule.text}
                      {rule.criterion && <span className="tag tag-criterion">{rule.criterion}</span>}
                    </span>
                  </div>
                </th>
                {responses.map((r, ci) => {
                  const cell = ruleCell(value, r.id, rule.id);
                  const quote = spanText(r.content, cell?.evidence);
                  return (
                    <td key={r.id}>
                      <div
                        className="verdict"
                        data-cell=""
                        data-rule-cell=""
                        data-advance=""
                        data-response-index={ci}
                        data-row={ri}
                        data-response-ids={r.id}
                        data-answered={cell !== undefined}
                      >
                        <div
                          className="verdict-options"
                          role="radiogroup"
                          aria-label={`Response ${r.letter}, rule ${ri + 1}: ${rule.text}`}
                          aria-keyshortcuts="E"
                        >
                          {verdicts.map((v) => (
                            <OptionRadio
                              key={v.verdict}
                              className="seg-verdict"
                              name={`${idBase}-${question.id}-${r.id}-${rule.id}`}
                              value={v.verdict}
                              checked={cell?.verdict === v.verdict}
                              disabled={disabled}
                              onSelect={() => onAnswer(question.id, setRuleVerdict(value, r.id, rule.id, v.verdict))}
                              face={v.face}
                              accessibleName={v.name}
                              tone={v.tone}
                            />
                          ))}
                        </div>
                        <button
                          type="button"
                          className="evidence-btn"
                          data-attached={quote !== null}
                          disabled={disabled || cell === undefined}
                          onClick={() => openEvidence(r.id, ri)}
                          aria-label={
                            quote !== null
                              ? `Quoted evidence for Response ${r.letter}, rule ${ri + 1}: “${quote}”. Change it`
                              : `Quote evidence for Response ${r.letter}, rule ${ri + 1}`
                          }
                          title={quote !== null ? `Evidence: “${quote}” (E to change)` : "Quote evidence (E)"}
                          data-testid="evidence-button"
                        >
                          <QuoteIcon />
                          <span aria-hidden="true">{quote !== null ? "Quoted" : "Quote"}</span>
                        </button>
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {attached.length > 0 && (
        <ul className="evidence-list" aria-label="Attached evidence">
          {attached.map((a) => (
            <li key={a.key}>
              <span className="letter-chip" data-hue={a.hue} aria-hidden="true">
                {a.letter}
              </span>
              <span className="evidence-rule">
                <span className="visually-hidden">Response {a.letter}, </span>rule {a.ruleNumber}
              </span>
              <q>{a.text}</q>
            </li>
          ))}
        </ul>
      )}
      <EvidenceDialog
        target={evidenceFor}
        response={evidenceResponse}
        span={evidenceSpan}
        onAttach={(span: TSpan | null) => {
          if (!evidenceFor) return;
          onAnswer(question.id, setRuleEvidence(value, evidenceFor.responseId, evidenceFor.ruleId, span));
          announce(span ? "Evidence attached." : "Evidence removed.");
        }}
        onClose={() => setEvidenceFor(null)}
      />
    </div>
  );
}
