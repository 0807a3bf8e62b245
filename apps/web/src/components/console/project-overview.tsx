import type { TProject } from "@rankwise/shared";
import { formatCount, formatDate, formatPercent, plural } from "../../lib/format.ts";
import { ProgressBar } from "../progress-bar.tsx";

function leaseText(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}

/** Where a project stands: counts, completion, overlap and the criteria it measures. */
export function ProjectOverview({ project }: { project: TProject }) {
  const { counts } = project;
  return (
    <section className="card overview" aria-label="Project overview" data-testid="project-overview">
      <div>
        <span className="stat-label">Items</span>
        <span className="stat-value" data-testid="overview-items">
          {formatCount(counts.items)}
        </span>
        <span className="stat-sub">since {formatDate(project.createdAt)}</span>
      </div>
      <div>
        <span className="stat-label">Annotations</span>
        <span className="stat-value">{formatCount(counts.annotations)}</span>
        <span className="stat-sub">answers submitted</span>
      </div>
      <div>
        <span className="stat-label">Overlap</span>
        <span className="stat-value">×{project.overlap}</span>
        <span className="stat-sub">{plural(project.overlap, "answer")} per item</span>
      </div>
      <div>
        <span className="stat-label">Lease</span>
        <span className="stat-value">{leaseText(project.leaseSeconds)}</span>
        <span className="stat-sub">per task</span>
      </div>
      <div>
        <span className="stat-label">Completion</span>
        <ProgressBar value={counts.completion} label={`${project.name} completion`} />
        <span className="stat-sub">
          <strong>{formatPercent(counts.completion)}</strong> · {formatCount(counts.completedItems)} of {formatCount(counts.items)} items
          complete
        </span>
      </div>
      <div>
        <span className="stat-label">Criteria</span>
        {project.criteria.length === 0 ? (
          <span className="stat-sub">No criteria: every question feeds one reward model.</span>
        ) : (
          <ul className="criteria-chips">
            {project.criteria.map((c) => (
              <li key={c.id} title={c.description || undefined}>
                {c.name}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
