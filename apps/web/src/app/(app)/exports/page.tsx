import type { TExport, TProjectList } from "@rankwise/shared";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AllExports } from "../../../components/console/exports/all-exports.tsx";
import { homeForRole } from "../../../lib/roles.ts";
import { loadForPage, requireUser } from "../../../lib/server-api.ts";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage() {
  const user = await requireUser("/exports");
  if (user.role === "LABELER") redirect(homeForRole(user.role));
  const { projects } = await loadForPage<TProjectList>("/api/v1/projects", "/exports");
  // One request per project (the API lists exports per project); a failing one must not blank the page.
  const results = await Promise.all(
    projects.map((p) =>
      loadForPage<{ exports: TExport[] }>(`/api/v1/projects/${p.id}/exports`, "/exports")
        .then((r) => ({ project: p, exports: r.exports }))
        .catch((err: unknown) => {
          const digest = err && typeof err === "object" && "digest" in err ? String(err.digest) : "";
          if (digest.startsWith("NEXT_REDIRECT")) throw err; // signed out: the sign-in redirect wins
          // A project deleted meanwhile has nothing to list; anything else is reported on the page.
          return { project: p, exports: digest.includes("404") ? [] : null };
        }),
    ),
  );
  const exports = results.flatMap((r) => r.exports ?? []).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const failed = results.filter((r) => r.exports === null).map((r) => r.project.name);
  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Exports</h1>
          <p>Training data from every project: follow running exports, download files, copy the code to load them.</p>
        </div>
      </div>
      <AllExports projects={projects} initial={exports} failedProjects={failed} />
    </div>
  );
}
