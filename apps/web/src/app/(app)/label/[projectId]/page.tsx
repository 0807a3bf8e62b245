import type { TProject, TScreeningMe } from "@rankwise/shared";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { TaskWorkspace } from "../../../../components/task-workspace.tsx";
import { homeForRole } from "../../../../lib/roles.ts";
import { loadForPage, requireUser } from "../../../../lib/server-api.ts";
import "../label.css";
import { ScreeningNotice } from "./screening/screening-notice.tsx";

export const metadata: Metadata = { title: "Label" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function LabelTaskPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  if (!UUID.test(projectId)) notFound();
  const here = `/label/${projectId}`;
  const user = await requireUser(here);
  if (user.role !== "LABELER") redirect(homeForRole(user.role));
  const [project, me] = await Promise.all([
    loadForPage<TProject>(`/api/v1/projects/${projectId}`, here),
    loadForPage<TScreeningMe>(`/api/v1/projects/${projectId}/screening/me`, here),
  ]);
  // Live tasks need QUALIFIED or SUPER_RATER: candidates take the screening test first; anyone else is told why.
  if ((me.status === "INVITED" || me.status === "SCREENING") && me.enabled) redirect(`/label/${projectId}/screening`);
  if (me.status !== "QUALIFIED" && me.status !== "SUPER_RATER") return <ScreeningNotice projectName={project.name} me={me} />;
  return (
    <TaskWorkspace
      projectId={project.id}
      projectName={project.name}
      guidelines={project.guidelines}
      criteria={project.criteria}
      counts={project.counts}
    />
  );
}
