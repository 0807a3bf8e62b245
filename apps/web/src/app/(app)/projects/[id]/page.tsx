import { redirect } from "next/navigation";
import { loadProjectPage } from "./project-data.ts";

/** The project's first tab for the signed-in role. */
export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { role } = await loadProjectPage(id, `/projects/${id}`);
  redirect(role === "manage" ? `/projects/${id}/items` : `/projects/${id}/exports`);
}
