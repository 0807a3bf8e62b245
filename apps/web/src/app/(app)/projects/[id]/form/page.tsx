import type { TFormVersion } from "@rankwise/shared";
import { FormBuilder } from "../../../../../components/console/form-builder/form-builder.tsx";
import { loadForPage } from "../../../../../lib/server-api.ts";
import { loadProjectPage, tabMetadata } from "../project-data.ts";
import { ResearchersOnly } from "../researchers-only.tsx";

export const generateMetadata = tabMetadata("Form");

export default async function ProjectFormPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const here = `/projects/${id}/form`;
  const { project, role } = await loadProjectPage(id, here);
  if (role !== "manage") return <ResearchersOnly projectId={id} what="The feedback form" />;
  const { versions } = await loadForPage<{ versions: TFormVersion[] }>(`/api/v1/projects/${id}/form/versions`, here);
  const current = versions[0];
  if (!current) throw new Error("This project has no form yet.");
  return <FormBuilder projectId={id} criteria={project.criteria} current={current} versions={versions} />;
}
