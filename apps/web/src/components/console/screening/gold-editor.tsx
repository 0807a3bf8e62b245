"use client";

import type { TFormDefinition, TGoldAnswer } from "@rankwise/shared";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { initialAnswers } from "../../../lib/form-answers.ts";
import { serverIssuesByQuestion, type TQuestionErrors, validateAnswers } from "../../../lib/form-validation.ts";
import { responseHue, responseLetter } from "../../../lib/response-labels.ts";
import { FormRenderer } from "../../form/form-renderer.tsx";
import { PromptThread } from "../../prompt-thread.tsx";
import { ResponseCard } from "../../response-card.tsx";
import { formatDateTime } from "../format.ts";
import { ErrorBlock, LoadingBlock } from "../state-views.tsx";
import type { TGoldItem } from "./screening-items.ts";

const NO_PAIRS: Record<string, [string, string]> = {};

type TLoad = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; saved: TGoldAnswer | null };

/**
 * The researchers' answer for one screening or honeypot item, entered with the labeler's own form
 * (FormRenderer) and checked like a labeler's answer before it is saved.
 */
export function GoldEditor({
  item,
  form,
  onSaved,
  onClose,
  initial,
}: {
  item: TGoldItem;
  form: TFormDefinition;
  /** Answers to start from (e.g. a labeler's, when settling a dispute); they win over a saved gold. */
  initial?: Record<string, unknown>;
  onSaved: (g: TGoldAnswer) => void;
  onClose: () => void;
}) {
  const id = useId();
  const responses = item.responses;
  const ids = useMemo(() => responses.map((r) => r.id), [responses]);
  const labels = useMemo(() => Object.fromEntries(responses.map((r, i) => [r.id, responseLetter(i)])), [responses]);
  const [load, setLoad] = useState<TLoad>(item.hasGold ? { status: "loading" } : { status: "ready", saved: null });
  const [answers, setAnswers] = useState<Record<string, unknown>>(() => ({ ...initialAnswers(form, ids), ...initial }));
  const [errors, setErrors] = useState<TQuestionErrors>({});
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  // Read once per item: after a save the editor already holds what was saved.
  const hadGold = useRef(item.hasGold);
  const prefilled = useRef(initial !== undefined);
  useEffect(() => {
    if (!hadGold.current) return;
    const ac = new AbortController();
    apiFetch<TGoldAnswer>(`/api/v1/items/${item.id}/gold`, { signal: ac.signal })
      .then(({ data }) => {
        if (ac.signal.aborted || !data) return;
        if (!prefilled.current) setAnswers({ ...initialAnswers(form, ids), ...data.answers });
        setLoad({ status: "ready", saved: data });
      })
      .catch((err: unknown) => {
        if (ac.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) return redirectToLogin();
        if (err instanceof ApiError && err.status === 404) return setLoad({ status: "ready", saved: null });
        setLoad({ status: "error", message: errorMessage(err) });
      });
    return () => ac.abort();
  }, [item.id, form, ids]);

  async function save() {
    const checked = validateAnswers(form, answers, { responses, pairs: NO_PAIRS }, labels);
    if (!checked.ok) {
      setErrors(checked.errors);
      setOther(checked.other);
      setNotice(null);
      return;
    }
    setBusy(true);
    setOther([]);
    try {
      const { data } = await apiFetch<TGoldAnswer>(`/api/v1/items/${item.id}/gold`, {
        method: "PUT",
        body: JSON.stringify({ answers: checked.answers }),
      });
      if (data) {
        setLoad({ status: "ready", saved: data });
        setNotice("Gold saved.");
        onSaved(data);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      if (err instanceof ApiError && err.issues.length) {
        const mapped = serverIssuesByQuestion(form, err.issues, labels);
        setErrors(mapped.errors);
        setOther(mapped.other.length ? mapped.other : [err.message]);
      } else setOther([errorMessage(err)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card gold-editor" aria-labelledby={`${id}-title`} data-testid="gold-editor" data-item-id={item.id}>
      <div className="card-head">
        <div>
          <h3 id={`${id}-title`}>
            Gold answer · <span className="mono">{item.externalId}</span>
          </h3>
          <p>Answer as an expert would. Labelers are scored against this; they never see it.</p>
        </div>
        <button type="button" className="btn btn-sm" onClick={onClose} data-testid="gold-close">
          Close
        </button>
      </div>
      {load.status === "loading" && (
        <div className="card-body">
          <LoadingBlock label="Loading the gold answer…" rows={4} />
        </div>
      )}
      {load.status === "error" && (
        <div className="card-body">
          <ErrorBlock title="The gold answer could not be loaded" message={load.message} />
        </div>
      )}
      {load.status === "ready" && (
        <>
          <div className="card-body gold-grid">
            <div className="gold-item stack-sm">
              <h4 className="section-label">Prompt</h4>
              <PromptThread messages={item.prompt} />
              <h4 className="section-label">Responses ({responses.length})</h4>
              <ul className="gold-responses">
                {responses.map((r, i) => (
                  <li key={r.id}>
                    <ResponseCard
                      responseId={r.id}
                      letter={responseLetter(i)}
                      hue={responseHue(i)}
                      content={r.content}
                      badge={null}
                      badgeTied={false}
                      active={false}
                    />
                  </li>
                ))}
              </ul>
            </div>
            <div className="gold-form">
              <FormRenderer
                form={form}
                responses={responses}
                pairs={NO_PAIRS}
                value={answers}
                onChange={(next) => {
                  setAnswers(next);
                  setNotice(null);
                  setErrors({});
                }}
                errors={errors}
                labels={labels}
              />
            </div>
          </div>
          <div className="card-foot row-between">
            <span className="f-hint">
              {load.saved ? `Saved ${formatDateTime(load.saved.updatedAt)}` : "No gold yet: this item is not in the test until it has one."}
            </span>
            <div className="row">
              {other.length > 0 && (
                <span className="f-error" role="alert" data-testid="gold-error">
                  {other.join(" ")}
                </span>
              )}
              {Object.keys(errors).length > 0 && other.length === 0 && (
                <span className="f-error" role="alert" data-testid="gold-error">
                  Some questions need an answer; see the messages above.
                </span>
              )}
              {notice && (
                <span className="muted" role="status" data-testid="gold-saved">
                  {notice}
                </span>
              )}
              <button type="button" className="btn btn-primary" onClick={save} disabled={busy} aria-busy={busy} data-testid="gold-save">
                {busy ? "Saving…" : load.saved ? "Update gold" : "Save gold"}
              </button>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
