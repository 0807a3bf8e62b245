import type { TProject, TUser } from "@rankwise/shared";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { loadForPage, requireUser } from "../../../../lib/server-api.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TConsoleRole = "manage" | "export";

/** Researchers and admins manage projects; engineers only export. Labelers never reach the console. */
export function consoleRole(user: TUser): TConsoleRole | null {
  if (user.role === "RESEARCHER" || user.role === "ADMIN") return "manage";
  if (user.role === "ENGINEER") return "export";
  return null;
}

/** One project read per request, shared by the layout, the tab and its metadata. */
const fetchProject = cache((id: string) => loadForPage<TProject>(`/api/v1/projects/${id}`, `/projects/${id}`));

/** The signed-in user (or sign-in, coming back to `here`), their console role, and the project. */
export async function loadProjectPage(id: string, here: string): Promise<{ user: TUser; project: TProject; role: TConsoleRole }> {
  if (!UUID.test(id)) notFound();
  const user = await requireUser(here);
  const role = consoleRole(user);
  if (!role) notFound();
  const project = await fetchProject(id);
  return { user, project, role };
}

/** `generateMetadata` for a tab: "Exports · Project name · Rankwise". */
export function tabMetadata(tab: string) {
  return async ({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> => {
    const { id } = await params;
    const { project } = await loadProjectPage(id, `/projects/${id}`);
    return { title: `${tab} · ${project.name}` };
  };
}
