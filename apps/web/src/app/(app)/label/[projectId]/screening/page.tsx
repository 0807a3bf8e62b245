import type { TProject, TScreeningMe } from "@rankwise/shared";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { homeForRole } from "../../../../../lib/roles.ts";
import { loadForPage, requireUser } from "../../../../../lib/server-api.ts";
import { ScreeningNotice } from "./screening-notice.tsx";
import { ScreeningRunner } from "./screening-runner.tsx";
import "../../label.css";
import "./screening.css";

export const metadata: Metadata = { title: "Screening test" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The labeler's screening test for one project: start (or resume), answer every item, see the score. */
export default async function ScreeningPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  if (!UUID.test(projectId)) notFound();
  const here = `/label/${projectId}/screening`;
  const user = await requireUser(here);
  if (user.role !== "LABELER") redirect(homeForRole(user.role));
  const [project, me] = await Promise.all([
    loadForPage<TProject>(`/api/v1/projects/${projectId}`, here),
    loadForPage<TScreeningMe>(`/api/v1/projects/${projectId}/screening/me`, here),
  ]);
  if (me.status === "QUALIFIED" || me.status === "SUPER_RATER") redirect(`/label/${projectId}`);
  if (me.status === "FAILED" || me.status === "SUSPENDED" || !me.enabled) return <ScreeningNotice projectName={project.name} me={me} />;
  return <ScreeningRunner projectId={project.id} projectName={project.name} guidelines={project.guidelines} initial={me} />;
}
