import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { ProjectOverview } from "../../../../components/console/project-overview.tsx";
import { ProjectTabs } from "../../../../components/console/project-tabs.tsx";
import { loadProjectPage } from "./project-data.ts";

type TProps = { params: Promise<{ id: string }>; children: ReactNode };

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const { project } = await loadProjectPage(id, `/projects/${id}`);
  return { title: project.name };
}

/** A project: where it stands (overview) and what can be done with it (tabs by role). */
export default async function ProjectLayout({ params, children }: TProps) {
  const { id } = await params;
  const { project, role } = await loadProjectPage(id, `/projects/${id}`);
  const tabs =
    role === "manage"
      ? [
          { href: `/projects/${id}/items`, label: "Items" },
          { href: `/projects/${id}/members`, label: "Members" },
          { href: `/projects/${id}/form`, label: "Form" },
          { href: `/projects/${id}/exports`, label: "Exports" },
          { href: `/projects/${id}/screening`, label: "Screening" },
          { href: `/projects/${id}/quality`, label: "Quality" },
          { href: `/projects/${id}/audit`, label: "Audit" },
        ]
      : [{ href: `/projects/${id}/exports`, label: "Exports" }];
  return (
    <div className="page page-wide">
      <div className="project-head">
        <nav aria-label="Breadcrumb">
          <ol className="breadcrumbs">
            <li>
              <Link href="/projects">Projects</Link>
            </li>
            <li aria-current="page">{project.name}</li>
          </ol>
        </nav>
        <h1 data-testid="project-title">{project.name}</h1>
        <ProjectOverview project={project} />
      </div>
      <ProjectTabs tabs={tabs} />
      {children}
    </div>
  );
}
