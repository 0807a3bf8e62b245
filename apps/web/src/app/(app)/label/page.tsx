import type { TProjectList } from "@rankwise/shared";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LabelerProjectList } from "../../../components/labeler-project-list.tsx";
import { homeForRole } from "../../../lib/roles.ts";
import { loadForPage, requireUser } from "../../../lib/server-api.ts";

export const metadata: Metadata = { title: "My projects" };

export default async function LabelHomePage() {
  const user = await requireUser("/label");
  // Only labelers take tasks; everyone else works from the project list.
  if (user.role !== "LABELER") redirect(homeForRole(user.role));
  const { projects } = await loadForPage<TProjectList>("/api/v1/projects", "/label");
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>My projects</h1>
          <p>Hi {user.name}. Pick a project to start ranking responses.</p>
        </div>
      </div>
      <LabelerProjectList projects={projects} />
    </div>
  );
}
