import type { TProjectCounts } from "@rankwise/shared";
import { formatCount } from "../lib/format.ts";
import { ProgressBar } from "./progress-bar.tsx";

/** Done today in this browser session, and how many of the project's items still need answers. */
export function TaskProgress({ doneToday, counts }: { doneToday: number; counts: TProjectCounts | null }) {
  const left = counts ? Math.max(0, counts.items - counts.completedItems) : null;
  return (
    <div className="task-progress" data-testid="task-progress">
      <span data-testid="session-count">
        <strong>{formatCount(doneToday)}</strong> done today
      </span>
      {counts && left !== null && (
        <>
          <span className="task-progress-sep" aria-hidden="true">
            ·
          </span>
          <span data-testid="items-left">
            <strong>{formatCount(left)}</strong> {left === 1 ? "item" : "items"} left in the project
          </span>
          <span className="task-progress-bar">
            <ProgressBar value={counts.completion} label="Project completion" />
          </span>
        </>
      )}
    </div>
  );
}
