"use client";

import type { TFormDefinition, TItemAnnotations, TItemQuality } from "@rankwise/shared";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { responseHue, responseLetter } from "../../../lib/response-labels.ts";
import { PromptThread } from "../../prompt-thread.tsx";
import { ResponseCard } from "../../response-card.tsx";
import { GoldEditor } from "../screening/gold-editor.tsx";
import "../screening/screening.css";
import { Badge, ErrorBlock, LoadingBlock } from "../state-views.tsx";
import { useApiResource } from "../use-api-resource.ts";
import { AnnotationColumn } from "./annotation-column.tsx";
import { consensusAnswers } from "./consensus.ts";
import { DisagreementBar } from "./disagreement-bar.tsx";
import { ItemFlags } from "./item-flags.tsx";
import "./review.css";

type TGoldRole = "HONEYPOT" | "SCREENING";
const CONSENSUS = "consensus";

/**
 * One item with every labeler's answer side by side, and the way to settle it: turn it into a
 * honeypot or screening item and save a gold answer started from the consensus or one labeler.
 */
export function ItemReview({ projectId, itemId, form }: { projectId: string; itemId: string; form: TFormDefinition }) {
  const id = useId();
  const { state, setData } = useApiResource<TItemAnnotations>(`/api/v1/projects/${projectId}/items/${itemId}/annotations`);
  const [role, setRole] = useState<TGoldRole>("HONEYPOT");
  const [source, setSource] = useState<string>(CONSENSUS);
  const [editor, setEditor] = useState<{ initial: Record<string, unknown>; from: string; nonce: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const data = state.status === "ready" ? state.data : null;
  const responseIds = useMemo(() => data?.item.responses.map((r) => r.id) ?? [], [data]);
  const letters = useMemo(() => Object.fromEntries(responseIds.map((rid, i) => [rid, responseLetter(i)])), [responseIds]);

  if (state.status === "loading") return <LoadingBlock label="Loading the item and its answers…" rows={6} />;
  if (state.status === "error") return <ErrorBlock title="The item could not be loaded" message={state.error} />;
  const { item, annotations, flags } = state.data;
  const openFlags = flags.filter((f) => f.resolvedAt === null).length;

  function chosenAnswers(): Record<string, unknown> {
    const picked = annotations.find((a) => a.id === source);
    if (picked) return picked.answers;
    return consensusAnswers(
      form,
      annotations.map((a) => a.answers),
      responseIds,
    );
  }

  async function makeGold() {
    setBusy(true);
    setError(null);
    try {
      if (item.role !== role) {
        const { data: updated } = await apiFetch<TItemQuality>(`/api/v1/items/${item.id}`, {
          method: "PATCH",
          body: JSON.stringify({ role }),
        });
        if (updated) setData((d) => ({ ...d, item: { ...d.item, role: updated.role } }));
      }
      const picked = annotations.find((a) => a.id === source);
      const from = picked ? `${picked.labeler.name}'s answer` : "the consensus";
      setEditor((e) => ({ initial: chosenAnswers(), from, nonce: (e?.nonce ?? 0) + 1 }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack" data-testid="item-review" data-item-id={item.id}>
      <div className="row-between">
        <Link href={`/projects/${projectId}/items`} className="btn btn-sm btn-ghost">
          ← All items
        </Link>
      </div>
      <section className="card" aria-labelledby={`${id}-item`}>
        <div className="card-head">
          <div>
            <h2 id={`${id}-item`}>
              Item <span className="mono">{item.externalId}</span>
            </h2>
            <p>
              {annotations.length} answer{annotations.length === 1 ? "" : "s"} · {item.skips} skip{item.skips === 1 ? "" : "s"}
            </p>
          </div>
          <div className="row">
            <Badge tone={item.role === "LIVE" ? "neutral" : "accent"} testId="review-role">
              {item.role.toLowerCase()}
            </Badge>
            {item.hasGold && (
              <Badge tone="success" testId="review-has-gold">
                gold set
              </Badge>
            )}
            {openFlags > 0 && (
              <Badge tone="warning" testId="review-open-flags">
                {openFlags} open flag{openFlags === 1 ? "" : "s"}
              </Badge>
            )}
            <DisagreementBar value={item.disagreement} />
          </div>
        </div>
        <div className="card-body review-item-grid">
          <div className="stack-sm">
            <h3 className="section-label">Prompt</h3>
            <PromptThread messages={item.prompt} />
          </div>
          <div className="stack-sm">
            <h3 className="section-label">Responses ({item.responses.length})</h3>
            <ul className="review-responses">
              {item.responses.map((r, i) => (
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
        </div>
      </section>

      <ItemFlags projectId={projectId} itemId={item.id} flags={flags} onChange={(next) => setData((d) => ({ ...d, flags: next }))} />

      <section className="card" aria-labelledby={`${id}-answers`}>
        <div className="card-head">
          <div>
            <h2 id={`${id}-answers`}>Answers side by side</h2>
            <p>Responses are lettered as above, whatever order each labeler saw them in.</p>
          </div>
        </div>
        <div className="card-body">
          {annotations.length === 0 ? (
            <p className="muted">Nobody has answered this item yet.</p>
          ) : (
            <div className="review-columns" data-testid="review-columns">
              {annotations.map((a) => (
                <AnnotationColumn
                  key={a.id}
                  annotation={a}
                  form={form}
                  letters={letters}
                  chosen={source === a.id}
                  onChoose={() => setSource(a.id)}
                />
              ))}
            </div>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby={`${id}-settle`} data-testid="review-settle">
        <div className="card-head">
          <div>
            <h2 id={`${id}-settle`}>Settle it: make this a gold item</h2>
            <p>The item becomes a honeypot (mixed into the live queue) or a screening item, and its gold answer scores labelers.</p>
          </div>
        </div>
        <div className="card-body review-actions">
          <label>
            Use as
            <select
              className="control"
              value={role}
              onChange={(e) => setRole(e.target.value as TGoldRole)}
              data-testid="review-role-select"
            >
              <option value="HONEYPOT">Honeypot</option>
              <option value="SCREENING">Screening item</option>
            </select>
          </label>
          <label>
            Start the gold answer from
            <select className="control" value={source} onChange={(e) => setSource(e.target.value)} data-testid="review-source-select">
              <option value={CONSENSUS}>The consensus of all answers</option>
              {annotations.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.labeler.name}'s answer
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn-primary"
            onClick={makeGold}
            disabled={busy}
            aria-busy={busy}
            data-testid="review-make-gold"
          >
            {busy ? "Saving…" : "Make this a gold item"}
          </button>
          {editor && !error && (
            <span className="muted" data-testid="review-editor-source">
              Started from {editor.from}; change what you disagree with, then save.
            </span>
          )}
          {error && (
            <span className="f-error" role="alert" data-testid="review-error">
              {error}
            </span>
          )}
        </div>
      </section>

      {editor && (
        <GoldEditor
          key={editor.nonce}
          item={{
            id: item.id,
            projectId: item.projectId,
            externalId: item.externalId,
            role: item.role,
            superRatersOnly: item.superRatersOnly,
            hasGold: item.hasGold,
            prompt: item.prompt,
            responses: item.responses,
          }}
          form={form}
          initial={editor.initial}
          onClose={() => setEditor(null)}
          onSaved={() => setData((d) => ({ ...d, item: { ...d.item, hasGold: true } }))}
        />
      )}
    </div>
  );
}
