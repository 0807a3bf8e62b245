"use client";

import type { TExport } from "@rankwise/shared";
import { plural } from "../../../lib/format.ts";
import { EmptyBlock } from "../state-views.tsx";
import { ExportItem } from "./export-item.tsx";
import { ACTIVE_STATUSES } from "./use-live-exports.ts";

/** Exports, newest first, each live until it finishes. */
export function ExportList({
  exports,
  criteriaNames,
  projects,
  highlight,
  onChange,
  onRemove,
}: {
  exports: TExport[];
  criteriaNames: Record<string, string>;
  projects?: Record<string, string>;
  highlight?: string | null;
  onChange: (next: TExport) => void;
  onRemove: (id: string) => void;
}) {
  const running = exports.filter((e) => ACTIVE_STATUSES.includes(e.status)).length;
  return (
    <section aria-labelledby="export-list-title" className="stack-sm">
      <div className="row-between">
        <h2 id="export-list-title" style={{ fontSize: 16 }}>
          Exports
        </h2>
        <span className="muted" aria-live="polite">
          {exports.length === 0 ? "" : running > 0 ? `${plural(running, "export")} in progress` : `${plural(exports.length, "export")}`}
        </span>
      </div>
      {exports.length === 0 ? (
        <EmptyBlock title="No exports yet" testId="exports-empty">
          Start one above. Exports run in the background; you can leave this page and come back.
        </EmptyBlock>
      ) : (
        <ul className="export-list" data-testid="export-list">
          {exports.map((e) => (
            <ExportItem
              key={e.id}
              exp={e}
              criteriaNames={criteriaNames}
              project={projects ? { id: e.projectId, name: projects[e.projectId] ?? "Project" } : undefined}
              onChange={onChange}
              onRemove={onRemove}
              defaultOpen={highlight === e.id}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
