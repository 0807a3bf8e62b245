import type { TProject } from "@rankwise/shared";
import Link from "next/link";
import { formatCount, formatPercent } from "../lib/format.ts";
import { markdownSnippet } from "../lib/response-labels.ts";
import { ProgressBar } from "./progress-bar.tsx";

/** The projects a labeler belongs to, each with a way in. */
export function LabelerProjectList({ projects }: { projects: TProject[] }) {
  if (projects.length === 0) {
    return (
      <div className="panel empty-state" data-testid="label-projects-empty">
        <h2>You are not in any project yet</h2>
        <p>A researcher adds you to a project; it will appear here as soon as they do.</p>
      </div>
    );
  }
  return (
    <ul className="project-grid" aria-label="My projects">
      {projects.map((p) => (
        <li key={p.id} className="panel project-card" data-testid="label-project">
          <h2>{p.name}</h2>
          {p.guidelines.trim() && <p className="project-card-guidelines">{markdownSnippet(p.guidelines, 220)}</p>}
          <ProgressBar value={p.counts.completion} label={`${p.name} completion`} />
          <div className="project-card-stats">
            <span>
              {formatCount(p.counts.completedItems)} of {formatCount(p.counts.items)} items complete
            </span>
            <span>{formatPercent(p.counts.completion)}</span>
          </div>
          <Link className="btn btn-primary" href={`/label/${p.id}`} data-testid="start-labeling" aria-label={`Start labeling ${p.name}`}>
            Start labeling
            <span aria-hidden="true">→</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
