import type { TMember } from "@rankwise/shared";
import { InvitationsPanel } from "../../../../../components/console/invitations/invitations-panel.tsx";
import { MembersPanel } from "../../../../../components/console/members-panel.tsx";
import { loadForPage } from "../../../../../lib/server-api.ts";
import { loadProjectPage, tabMetadata } from "../project-data.ts";
import { ResearchersOnly } from "../researchers-only.tsx";

export const generateMetadata = tabMetadata("Members");

export default async function ProjectMembersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const here = `/projects/${id}/members`;
  const { role } = await loadProjectPage(id, here);
  if (role !== "manage") return <ResearchersOnly projectId={id} what="Membership" />;
  const { members } = await loadForPage<{ members: TMember[] }>(`/api/v1/projects/${id}/members`, here);
  return (
    <div className="stack">
      <MembersPanel projectId={id} initial={members} />
      <InvitationsPanel projectId={id} />
    </div>
  );
}
