"use client";

import type { TItemBrowseList, TItemBrowseRow, TItemBrowseStatus } from "@rankwise/shared";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { useApiResource } from "../use-api-resource.ts";
import { Badge, EmptyBlock, ErrorBlock, LoadingBlock } from "../state-views.tsx";
import { DisagreementBar } from "./disagreement-bar.tsx";
import "./review.css";

const STATUSES: { value: TItemBrowseStatus; label: string }[] = [
  { value: "all", label: "All" },
  { value: "unlabeled", label: "Unlabeled" },
  { value: "in_progress", label: "In progress" },
  { value: "complete", label: "Complete" },
  { value: "skipped", label: "Skipped" },
  { value: "flagged", label: "Flagged" },
  { value: "disputed", label: "Disputed" },
];

const PAGE = 50;

/**
 * The researchers' item browser: items by status with answer, skip and open flag counts and how much the
 * labelers disagree, linking to the side-by-side review where a dispute is settled.
 */
export function ItemBrowser({ projectId }: { projectId: string }) {
  const id = useId();
  const [status, setStatus] = useState<TItemBrowseStatus>("all");
  const [threshold, setThreshold] = useState(50);
  const path: `/api/${string}` = `/api/v1/projects/${projectId}/items/browse?status=${status}&threshold=${threshold / 100}&limit=${PAGE}`;
  const first = useApiResource<TItemBrowseList>(path);
  const [more, setMore] = useState<{ items: TItemBrowseRow[]; nextCursor: number | null } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  // A new filter starts from the first page again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on every new query
  useEffect(() => {
    setMore(null);
    setMoreError(null);
  }, [path]);

  const ready = first.state.status === "ready" ? first.state.data : null;
  const rows = ready ? [...ready.items, ...(more?.items ?? [])] : [];
  const cursor = more ? more.nextCursor : (ready?.nextCursor ?? null);

  async function loadMore() {
    if (cursor === null) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const { data } = await apiFetch<TItemBrowseList>(`${path}&after=${cursor}`);
      if (data) setMore((m) => ({ items: [...(m?.items ?? []), ...data.items], nextCursor: data.nextCursor }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setMoreError(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="item-browser">
      <div className="card-head">
        <div>
          <h2 id={`${id}-title`}>Browse items</h2>
          <p>Find the items labelers disagree on, read every answer side by side and settle them with a gold answer.</p>
        </div>
      </div>
      <div className="card-body review-filters">
        <fieldset className="review-status" aria-label="Status">
          {STATUSES.map((s) => (
            <label key={s.value} className="review-chip" data-checked={status === s.value}>
              <input
                type="radio"
                name={`${id}-status`}
                value={s.value}
                checked={status === s.value}
                onChange={() => setStatus(s.value)}
                data-testid={`browse-status-${s.value}`}
              />
              {s.label}
            </label>
          ))}
        </fieldset>
        {status === "disputed" && (
          <label className="review-threshold">
            Disagreement at least
            <input
              type="number"
              className="control"
              min={0}
              max={100}
              step={5}
              value={threshold}
              onChange={(e) => setThreshold(Math.min(100, Math.max(0, Number(e.target.value) || 0)))}
              data-testid="browse-threshold"
            />
            %
          </label>
        )}
      </div>
      {first.state.status === "loading" && (
        <div className="card-body">
          <LoadingBlock label="Loading items…" rows={4} />
        </div>
      )}
      {first.state.status === "error" && (
        <div className="card-body">
          <ErrorBlock title="Items could not be loaded" message={first.state.error} onRetry={first.reload} />
        </div>
      )}
      {ready &&
        (rows.length === 0 ? (
          <div className="card-body">
            <EmptyBlock title="No items match" testId="browse-empty">
              {status === "disputed"
                ? "No item with two or more answers reaches this disagreement."
                : status === "flagged"
                  ? "No item has an open flag from a labeler."
                  : "Try another status, or import items above."}
            </EmptyBlock>
          </div>
        ) : (
          <div className="table-wrap" aria-busy={first.busy}>
            <table className="data-table dense" data-testid="browse-table">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Role</th>
                  <th scope="col" className="num">
                    Answers
                  </th>
                  <th scope="col" className="num">
                    Skips
                  </th>
                  <th scope="col" className="num">
                    Open flags
                  </th>
                  <th scope="col">Disagreement</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-testid="browse-row" data-external-id={row.externalId}>
                    <td className="mono nowrap">
                      <Link href={`/projects/${projectId}/items/${row.id}`} data-testid="browse-open">
                        {row.externalId}
                      </Link>
                    </td>
                    <td>
                      {row.role === "LIVE" ? <span className="muted">live</span> : <Badge tone="accent">{row.role.toLowerCase()}</Badge>}
                      {row.hasGold && <Badge tone="success">gold</Badge>}
                    </td>
                    <td className="num">
                      {row.answers} <span className="muted">/ {ready.overlap}</span>
                    </td>
                    <td className="num">{row.skips}</td>
                    <td className="num" data-testid="browse-flags">
                      {row.flags > 0 ? <Badge tone="warning">{row.flags}</Badge> : <span className="muted">0</span>}
                    </td>
                    <td>
                      <DisagreementBar value={row.disagreement} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {(cursor !== null || moreError) && ready && (
        <div className="card-foot row">
          {moreError && (
            <span className="f-error" role="alert">
              {moreError}
            </span>
          )}
          {cursor !== null && (
            <button type="button" className="btn btn-sm" onClick={loadMore} disabled={loadingMore} data-testid="browse-more">
              {loadingMore ? "Loading…" : "Load more"}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
