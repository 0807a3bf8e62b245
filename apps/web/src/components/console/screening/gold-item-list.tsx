"use client";

import type { TFormDefinition } from "@rankwise/shared";
import { useCallback, useEffect, useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { plural } from "../../../lib/format.ts";
import { markdownSnippet } from "../../../lib/response-labels.ts";
import { Badge, EmptyBlock, ErrorBlock, LoadingBlock } from "../state-views.tsx";
import { GoldEditor } from "./gold-editor.tsx";
import { GoldItemImport } from "./gold-item-import.tsx";
import { goldItemsPath, type TGoldItem, type TGoldRole, ZGoldItemList } from "./screening-items.ts";

type TList = { status: "loading" } | { status: "missing" } | { status: "error"; message: string } | { status: "ready"; items: TGoldItem[] };

const ROLE_TEXT: Record<TGoldRole, { title: string; lead: string; empty: string }> = {
  SCREENING: {
    title: "Screening items",
    lead: "Every screening item with a gold answer is in the test. Labelers never get these items as live work.",
    empty: "Import a few items with role screening, then give each a gold answer.",
  },
  HONEYPOT: {
    title: "Honeypots",
    lead: "Gold items mixed into live work at the Quality tab's honeypot rate; they feed each labeler's gold agreement.",
    empty: "Import items with role honeypot, then give each a gold answer.",
  },
};

/** Items of one gold role with their gold status, an import, and the gold editor for the chosen one. */
export function GoldItemList({
  projectId,
  role,
  form,
  onGoldChanged,
}: {
  projectId: string;
  role: TGoldRole;
  form: TFormDefinition;
  onGoldChanged: () => void;
}) {
  const id = useId();
  const [list, setList] = useState<TList>({ status: "loading" });
  const [nonce, setNonce] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `nonce` is the reload trigger
  useEffect(() => {
    const ac = new AbortController();
    apiFetch<unknown>(goldItemsPath(projectId, role), { signal: ac.signal })
      .then(({ data }) => {
        if (ac.signal.aborted) return;
        const parsed = ZGoldItemList.safeParse(data);
        setList(
          parsed.success
            ? { status: "ready", items: parsed.data.items }
            : { status: "error", message: "The item list came back in an unexpected shape." },
        );
      })
      .catch((err: unknown) => {
        if (ac.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) return redirectToLogin();
        // No such route on this API (yet): say so instead of failing the whole tab.
        if (err instanceof ApiError && err.status === 404 && err.message.startsWith("Route ")) return setList({ status: "missing" });
        setList({ status: "error", message: errorMessage(err) });
      });
    return () => ac.abort();
  }, [projectId, role, nonce]);

  const text = ROLE_TEXT[role];
  const items = list.status === "ready" ? list.items : [];
  const openItem = items.find((i) => i.id === open) ?? null;
  const withGold = items.filter((i) => i.hasGold).length;

  return (
    <div className="stack">
      <section className="card" aria-labelledby={`${id}-title`} data-testid={`gold-items-${role.toLowerCase()}`}>
        <div className="card-head">
          <div>
            <h2 id={`${id}-title`}>{text.title}</h2>
            <p>{text.lead}</p>
          </div>
          {list.status === "ready" && items.length > 0 && (
            <Badge tone={withGold === items.length ? "success" : "warning"} testId="gold-summary">
              {withGold} of {plural(items.length, "item")} with gold
            </Badge>
          )}
        </div>
        {list.status === "loading" && (
          <div className="card-body">
            <LoadingBlock label="Loading items…" rows={3} />
          </div>
        )}
        {list.status === "missing" && (
          <div className="card-body">
            <ErrorBlock
              title="This API cannot list items yet"
              message="Listing a project's items by role (GET /api/v1/projects/:id/items?role=…) is not available, so gold answers cannot be edited here. Imports still work."
              onRetry={reload}
            />
          </div>
        )}
        {list.status === "error" && (
          <div className="card-body">
            <ErrorBlock title="Items could not be loaded" message={list.message} onRetry={reload} />
          </div>
        )}
        {list.status === "ready" &&
          (items.length === 0 ? (
            <div className="card-body">
              <EmptyBlock title={`No ${text.title.toLowerCase()} yet`}>{text.empty}</EmptyBlock>
            </div>
          ) : (
            <div className="table-wrap">
              <table className="data-table dense" data-testid="gold-item-table">
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Prompt</th>
                    <th scope="col" className="num">
                      Responses
                    </th>
                    <th scope="col">Gold</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr
                      key={item.id}
                      data-testid="gold-item-row"
                      data-external-id={item.externalId}
                      data-has-gold={item.hasGold}
                      aria-selected={open === item.id}
                    >
                      <td className="mono nowrap">{item.externalId}</td>
                      <td>{markdownSnippet(item.prompt.map((m) => m.content).join(" "), 90)}</td>
                      <td className="num">{item.responses.length}</td>
                      <td>
                        {item.hasGold ? <Badge tone="success">Gold set</Badge> : <Badge tone="warning">No gold</Badge>}
                        {item.superRatersOnly && <Badge tone="accent">super raters only</Badge>}
                      </td>
                      <td className="nowrap" style={{ textAlign: "right" }}>
                        <button
                          type="button"
                          className={open === item.id ? "btn btn-sm btn-primary" : "btn btn-sm"}
                          onClick={() => setOpen(open === item.id ? null : item.id)}
                          aria-expanded={open === item.id}
                          aria-label={`${item.hasGold ? "Edit gold" : "Add gold"} for ${item.externalId}`}
                          data-testid="gold-edit"
                        >
                          {item.hasGold ? "Edit gold" : "Add gold"}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        <div className="card-foot">
          <GoldItemImport projectId={projectId} role={role} onImported={reload} />
        </div>
      </section>
      {openItem && (
        <GoldEditor
          key={openItem.id}
          item={openItem}
          form={form}
          onClose={() => setOpen(null)}
          onSaved={() => {
            setList((l) =>
              l.status === "ready" ? { ...l, items: l.items.map((i) => (i.id === openItem.id ? { ...i, hasGold: true } : i)) } : l,
            );
            onGoldChanged();
          }}
        />
      )}
    </div>
  );
}
