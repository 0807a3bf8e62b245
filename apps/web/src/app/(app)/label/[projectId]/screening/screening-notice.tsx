import type { TScreeningMe } from "@rankwise/shared";
import Link from "next/link";

const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

/**
 * Why a labeler cannot take live tasks in a project (failed or suspended, or waiting for a test
 * that is switched off), in words, with the way back to their projects. Never an error page.
 */
export function ScreeningNotice({ projectName, me }: { projectName: string; me: TScreeningMe }) {
  let title: string;
  let body: string;
  switch (me.status) {
    case "FAILED":
      title = "You did not pass the screening test";
      body =
        `Your ${me.attemptsUsed === 1 ? "attempt" : `${me.attemptsUsed} attempts`} at the screening test for ${projectName} ` +
        `did not reach the pass mark of ${percent(me.passThreshold)}${me.lastScore === null ? "" : ` (last score ${percent(me.lastScore)})`}, ` +
        "and no attempts are left. A researcher can give you another try.";
      break;
    case "SUSPENDED":
      title = "Your work on this project is paused";
      body = `A researcher or the quality rules suspended you from ${projectName}, so you get no tasks here for now. Ask the project's researchers if you think this is a mistake.`;
      break;
    default:
      title = "The screening test is not open yet";
      body = `${projectName} asks new labelers to pass a screening test first, and it is switched off right now. Check back later.`;
  }
  return (
    <div className="page">
      <div className="panel empty-state" data-testid="screening-notice" data-status={me.status}>
        <h1>{title}</h1>
        <p>{body}</p>
        <div className="empty-state-actions">
          <Link className="btn" href="/label">
            Back to my projects
          </Link>
        </div>
      </div>
    </div>
  );
}
