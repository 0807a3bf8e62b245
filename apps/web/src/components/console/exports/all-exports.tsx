"use client";

import type { TExport, TProject } from "@rankwise/shared";
import Link from "next/link";
import { useMemo, useState } from "react";
import { ExportList } from "./export-list.tsx";
import { useLiveExports } from "./use-live-exports.ts";

/** Every project's exports in one list (engineers' home for data), live, with a way to start a new one. */
export function AllExports({ projects, initial, failedProjects }: { projects: TProject[]; initial: TExport[]; failedProjects: string[] }) {
  const { exports, setExports } = useLiveExports(initial);
  const [filter, setFilter] = useState("");
  const names = useMemo(() => Object.fromEntries(projects.map((p) => [p.id, p.name])), [projects]);
  const criteriaNames = useMemo(() => Object.fromEntries(projects.flatMap((p) => p.criteria.map((c) => [c.id, c.name]))), [projects]);
  const shown = filter ? exports.filter((e) => e.projectId === filter) : exports;
  return (
    <div className="stack">
      <div className="card">
        <div className="card-body row-between">
          <div className="row fields" style={{ display: "flex" }}>
            <label htmlFor="export-project-filter" className="f-label">
              <strong>Project</strong>
            </label>
            <select
              id="export-project-filter"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              style={{ width: "auto", minWidth: 240 }}
            >
              <option value="">All projects</option>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          {filter ? (
            <Link className="btn btn-primary btn-sm" href={`/projects/${filter}/exports`}>
              New export for {names[filter]}
            </Link>
          ) : (
            <span className="f-hint">Pick a project to start a new export, or open one from the list.</span>
          )}
        </div>
      </div>
      {failedProjects.length > 0 && (
        <p className="notice-warning" role="status" style={{ margin: 0 }}>
          Exports of {failedProjects.join(", ")} could not be loaded; reload to try again.
        </p>
      )}
      <ExportList
        exports={shown}
        criteriaNames={criteriaNames}
        projects={names}
        onChange={(next) => setExports((prev) => prev.map((e) => (e.id === next.id ? next : e)))}
        onRemove={(removed) => setExports((prev) => prev.filter((e) => e.id !== removed))}
      />
    </div>
  );
}
