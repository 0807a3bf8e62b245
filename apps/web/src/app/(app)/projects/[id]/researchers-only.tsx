import Link from "next/link";

/** What an engineer sees on a researcher-only tab (reached by URL; the tab itself is hidden). */
export function ResearchersOnly({ projectId, what }: { projectId: string; what: string }) {
  return (
    <div className="panel empty-state" data-testid="researchers-only">
      <h2>Researchers only</h2>
      <p>{what} is managed by the project's researchers. You can export its data.</p>
      <div className="empty-state-actions">
        <Link className="btn btn-primary" href={`/projects/${projectId}/exports`}>
          Go to exports
        </Link>
      </div>
    </div>
  );
}
