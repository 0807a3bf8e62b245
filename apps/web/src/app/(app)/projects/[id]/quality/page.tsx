import { QualityRulesForm } from "../../../../../components/console/quality/quality-rules-form.tsx";
import { QualityDashboard } from "../../../../../components/console/quality/quality-dashboard.tsx";
import { loadProjectPage, tabMetadata } from "../project-data.ts";
import { ResearchersOnly } from "../researchers-only.tsx";

export const generateMetadata = tabMetadata("Quality");

export default async function ProjectQualityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { project, role } = await loadProjectPage(id, `/projects/${id}/quality`);
  if (role !== "manage") return <ResearchersOnly projectId={id} what="Labeler quality" />;
  return (
    <div className="stack">
      <QualityDashboard projectId={id} criteria={project.criteria} />
      <QualityRulesForm projectId={id} />
    </div>
  );
}
