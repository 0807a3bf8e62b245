import type { TFormVersion } from "@rankwise/shared";
import { ScreeningPanel } from "../../../../../components/console/screening/screening-panel.tsx";
import { loadForPage } from "../../../../../lib/server-api.ts";
import { loadProjectPage, tabMetadata } from "../project-data.ts";
import { ResearchersOnly } from "../researchers-only.tsx";

export const generateMetadata = tabMetadata("Screening");

export default async function ProjectScreeningPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const here = `/projects/${id}/screening`;
  const { role } = await loadProjectPage(id, here);
  if (role !== "manage") return <ResearchersOnly projectId={id} what="The screening test" />;
  const form = await loadForPage<TFormVersion>(`/api/v1/projects/${id}/form`, here);
  return <ScreeningPanel projectId={id} form={form.definition} />;
}
