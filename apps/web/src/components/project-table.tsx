import type { TProject } from "@rankwise/shared";
import Link from "next/link";
import { formatCount, formatDate, formatPercent, plural } from "../lib/format.ts";
import { ProgressBar } from "./progress-bar.tsx";

/** Every project the signed-in researcher/engineer can see, with labeling progress. */
export function ProjectTable({ projects }: { projects: TProject[] }) {
  if (projects.length === 0) {
    return (
      <div className="panel empty-state" data-testid="projects-empty">
        <h2>No projects yet</h2>
        <p>Create a project, then import items from a JSONL file; it will show up here.</p>
      </div>
    );
  }
  return (
    <div className="panel table-wrap">
      <table className="data-table" data-testid="project-table">
        <caption className="visually-hidden">Projects with item, annotation and completion counts</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col" className="num">
              Items
            </th>
            <th scope="col" className="num">
              Annotations
            </th>
            <th scope="col" className="num">
              Completed
            </th>
            <th scope="col">Completion</th>
            <th scope="col" className="num">
              Overlap
            </th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id} data-testid="project-row">
              <td>
                <div className="project-name">
                  <Link href={`/projects/${p.id}`} data-testid="project-link">
                    {p.name}
                  </Link>
                </div>
                <div className="project-sub">Created {formatDate(p.createdAt)}</div>
              </td>
              <td className="num">{formatCount(p.counts.items)}</td>
              <td className="num">{formatCount(p.counts.annotations)}</td>
              <td className="num">{formatCount(p.counts.completedItems)}</td>
              <td>
                <div className="completion-cell">
                  <ProgressBar value={p.counts.completion} label={`${p.name} completion`} />
                  <span>{formatPercent(p.counts.completion)}</span>
                </div>
              </td>
              <td className="num" title={`Each item needs ${plural(p.overlap, "answer")}`}>
                ×{p.overlap}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
