import { AuditTrail } from "../../../../../components/console/audit/audit-trail.tsx";
import { loadProjectPage, tabMetadata } from "../project-data.ts";
import { ResearchersOnly } from "../researchers-only.tsx";

export const generateMetadata = tabMetadata("Audit");

export default async function ProjectAuditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { role } = await loadProjectPage(id, `/projects/${id}/audit`);
  if (role !== "manage") return <ResearchersOnly projectId={id} what="The audit trail" />;
  return <AuditTrail projectId={id} />;
}
