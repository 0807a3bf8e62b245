import type { TExport } from "@rankwise/shared";
import { ExportPanel } from "../../../../../components/console/exports/export-panel.tsx";
import { loadForPage } from "../../../../../lib/server-api.ts";
import { loadProjectPage, tabMetadata } from "../project-data.ts";

export const generateMetadata = tabMetadata("Exports");

export default async function ProjectExportsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const here = `/projects/${id}/exports`;
  const { project } = await loadProjectPage(id, here);
  const { exports } = await loadForPage<{ exports: TExport[] }>(`/api/v1/projects/${id}/exports`, here);
  return <ExportPanel projectId={id} criteria={project.criteria} initial={exports} />;
}
