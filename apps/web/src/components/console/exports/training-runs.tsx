"use client";

import type { TTrainingRun, TTrainingRunList } from "@rankwise/shared";
import { formatDateTime, formatNumber, shortId } from "../format.ts";
import { Badge, EmptyBlock, ErrorBlock, LoadingBlock, type TTone } from "../state-views.tsx";
import { useApiResource } from "../use-api-resource.ts";

const RUN_TONES: Record<TTrainingRun["status"], TTone> = {
  PENDING: "neutral",
  RUNNING: "info",
  SUCCEEDED: "success",
  FAILED: "danger",
  CANCELLED: "warning",
};

/** The training runs the hand-off started for one export, with each run's latest metrics. */
export function TrainingRuns({ exportId }: { exportId: string }) {
  const { state, reload } = useApiResource<TTrainingRunList>(`/api/v1/training-runs?exportId=${exportId}`);
  if (state.status === "loading") return <LoadingBlock label="Loading training runs…" rows={2} />;
  if (state.status === "error") return <ErrorBlock title="Training runs could not be loaded" message={state.error} onRetry={reload} />;
  const runs = state.data.trainingRuns;
  if (runs.length === 0) {
    return (
      <EmptyBlock title="No training runs yet" testId="training-runs-empty">
        When the project hands completed exports to the training queue, each run and its metrics show up here.
      </EmptyBlock>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data-table dense" data-testid="training-runs">
        <caption className="visually-hidden">Training runs of this export</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Trainer</th>
            <th scope="col" className="num">
              Step
            </th>
            <th scope="col">Latest metrics</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td className="mono">{shortId(r.id)}</td>
              <td>
                <Badge tone={RUN_TONES[r.status]}>{r.status.toLowerCase()}</Badge>
              </td>
              <td className="wrap">{r.trainer ?? <span className="faint">—</span>}</td>
              <td className="num">{r.step ?? "—"}</td>
              <td>
                {Object.keys(r.metrics).length === 0 ? (
                  <span className="faint">none yet</span>
                ) : (
                  <div className="metric-chips">
                    {Object.entries(r.metrics).map(([k, v]) => (
                      <span key={k}>
                        {k}={formatNumber(v, 4)}
                      </span>
                    ))}
                  </div>
                )}
              </td>
              <td className="nowrap">{formatDateTime(r.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
