"use client";

import type { TAgreementReport, TCriterion, TMemberQuality, TTierChange } from "@rankwise/shared";
import dynamic from "next/dynamic";
import { type ReactNode, useMemo, useState } from "react";
import { formatCount, plural } from "../../../lib/format.ts";
import { formatDateTime } from "../format.ts";
import { MEMBER_STATUS } from "../member-status.ts";
import { Badge, EmptyBlock, ErrorBlock, LoadingBlock } from "../state-views.tsx";
import { useApiResource } from "../use-api-resource.ts";
import { alphaText, percent } from "./quality-format.ts";
import { LabelerTable } from "./labeler-table.tsx";

const chartLoading = () => <LoadingBlock label="Drawing the chart…" rows={4} />;
const AlphaTrendChart = dynamic(() => import("./quality-charts.tsx").then((m) => m.AlphaTrendChart), { ssr: false, loading: chartLoading });
const LabelerScatter = dynamic(() => import("./quality-charts.tsx").then((m) => m.LabelerScatter), { ssr: false, loading: chartLoading });
const DistributionChart = dynamic(() => import("./quality-charts.tsx").then((m) => m.DistributionChart), {
  ssr: false,
  loading: chartLoading,
});

/** Mirrors quality-charts' palette for the HTML legends (kept here so the legend needs no chart code). */
const TIER_SWATCH: Record<string, string> = {
  QUALIFIED: "#1b7a4a",
  SUPER_RATER: "#7c3aed",
  SUSPENDED: "#b4690e",
  SCREENING: "#2f56d3",
  INVITED: "#7b8492",
  FAILED: "#b42318",
};

type TMembers = { members: TMemberQuality[]; recentChanges: TTierChange[] };

/**
 * The Quality tab: how much labelers agree (Krippendorff's α per criterion and question, over
 * time), who agrees with gold and peers, what labels are given, and tier changes with a reason.
 */
export function QualityDashboard({ projectId, criteria }: { projectId: string; criteria: TCriterion[] }) {
  const [refresh, setRefresh] = useState(0);
  const path = `/api/v1/projects/${projectId}/agreement${refresh > 0 ? `?refresh=true&r=${refresh}` : ""}` as const;
  const report = useApiResource<TAgreementReport>(path);
  const members = useApiResource<TMembers>(`/api/v1/projects/${projectId}/quality/members`);
  const criteriaNames = useMemo(() => Object.fromEntries(criteria.map((c) => [c.id, c.name])), [criteria]);

  if (report.state.status === "loading") {
    return (
      <div className="card" aria-busy="true">
        <LoadingBlock label="Computing agreement…" rows={6} />
      </div>
    );
  }
  if (report.state.status === "error")
    return <ErrorBlock title="The agreement report could not be computed" message={report.state.error} onRetry={report.reload} />;
  const data = report.state.data;
  const changes = members.state.status === "ready" ? members.state.data.recentChanges : [];
  const nameOf = (userId: string) =>
    [...data.labelers.human, ...data.labelers.ai].find((l) => l.userId === userId)?.name ??
    (members.state.status === "ready" ? members.state.data.members.find((m) => m.userId === userId)?.name : undefined) ??
    "a labeler";

  if (data.counts.annotations === 0) {
    return (
      <div className="panel empty-state" data-testid="quality-empty">
        <h2>No answers yet</h2>
        <p>Agreement, labeler quality and label distributions appear here once labelers have answered some items.</p>
      </div>
    );
  }

  return (
    <div className="stack" data-testid="quality-dashboard">
      <div className="row-between">
        <p className="muted" style={{ margin: 0 }}>
          {formatCount(data.counts.annotations)} answers on {formatCount(data.counts.items)} items · {formatCount(data.counts.human)} by
          people, {formatCount(data.counts.ai)} by AI · form version {data.formVersion} · computed {formatDateTime(data.generatedAt)}
          {data.cached ? " (cached)" : ""}
        </p>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => setRefresh((n) => n + 1)}
          disabled={report.busy}
          aria-busy={report.busy}
          data-testid="quality-refresh"
        >
          {report.busy ? "Recomputing…" : "Recompute"}
        </button>
      </div>

      <AlphaSummary report={data} criteriaNames={criteriaNames} />

      <div className="chart-grid">
        <ChartCard
          title="α per criterion over time"
          caption="Krippendorff's α by the week items were first answered. Above 0.8 is reliable; 0.667–0.8 tentative."
          testId="chart-trend"
        >
          {data.trends.length === 0 ? (
            <EmptyBlock title="No trend yet">Trends need answers whose questions measure a criterion.</EmptyBlock>
          ) : (
            <div
              className="chart-box"
              role="img"
              aria-label={`Agreement per week for ${[...new Set(data.trends.map((t) => criteriaNames[t.criterion] ?? t.criterion))].join(", ")}`}
            >
              <AlphaTrendChart trends={data.trends} criteriaNames={criteriaNames} />
            </div>
          )}
        </ChartCard>
        <ScatterCard report={data} />
        <DistributionCard report={data} />
        <QuestionTable report={data} criteriaNames={criteriaNames} />
      </div>

      <LabelerTable
        projectId={projectId}
        report={data}
        onStatusChanged={(updated) => {
          report.setData((prev) => ({
            ...prev,
            labelers: {
              human: prev.labelers.human.map((l) => (l.userId === updated.userId ? { ...l, status: updated.status } : l)),
              ai: prev.labelers.ai.map((l) => (l.userId === updated.userId ? { ...l, status: updated.status } : l)),
            },
          }));
          members.reload();
        }}
      />

      <section className="card" aria-labelledby="tier-changes-title">
        <div className="card-head">
          <h2 id="tier-changes-title">Recent tier changes</h2>
        </div>
        <div className="card-body">
          {members.state.status === "loading" && <LoadingBlock label="Loading tier changes…" rows={2} />}
          {members.state.status === "error" && (
            <ErrorBlock title="Tier changes could not be loaded" message={members.state.error} onRetry={members.reload} />
          )}
          {members.state.status === "ready" &&
            (changes.length === 0 ? (
              <p className="muted" style={{ margin: 0 }}>
                No changes yet. Promotions and suspensions, automatic or by hand, are listed here with their reason.
              </p>
            ) : (
              <ul className="version-list" data-testid="tier-changes">
                {changes.map((c) => (
                  <li key={`${c.userId}-${c.createdAt}`}>
                    <span>
                      <strong>{nameOf(c.userId)}</strong>: {MEMBER_STATUS[c.from].label} → <strong>{MEMBER_STATUS[c.to].label}</strong>
                      <span className="muted"> — {c.reason}</span>
                    </span>
                    <span className="muted nowrap">
                      {c.changedById ? "by hand" : "automatic"} · {formatDateTime(c.createdAt)}
                    </span>
                  </li>
                ))}
              </ul>
            ))}
        </div>
      </section>
    </div>
  );
}

function ChartCard({
  title,
  caption,
  testId,
  children,
  action,
}: {
  title: string;
  caption: string;
  testId: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <figure className="card" style={{ margin: 0 }} data-testid={testId}>
      <div className="card-head">
        <div>
          <h3>{title}</h3>
          <figcaption>
            <p>{caption}</p>
          </figcaption>
        </div>
        {action}
      </div>
      <div className="card-body">{children}</div>
    </figure>
  );
}

function AlphaSummary({ report, criteriaNames }: { report: TAgreementReport; criteriaNames: Record<string, string> }) {
  const rows =
    report.criteria.length > 0
      ? report.criteria.map((c) => ({
          key: c.criterion,
          label: criteriaNames[c.criterion] ?? c.criterion,
          human: c.human,
          ai: c.ai,
          level: c.level,
        }))
      : [];
  if (rows.length === 0) return null;
  return (
    <ul
      className="overview card"
      style={{ gridTemplateColumns: `repeat(${Math.min(rows.length, 4)}, minmax(0, 1fr))`, margin: 0, padding: 0, listStyle: "none" }}
      aria-label="Agreement per criterion"
    >
      {rows.map((r) => (
        <li key={r.key} style={{ display: "flex", flexDirection: "column", gap: 2, padding: "12px 16px" }} data-testid="alpha-criterion">
          <span className="stat-label">{r.label}</span>
          <span className="stat-value">{r.human.alpha === null ? "—" : r.human.alpha.toFixed(2)}</span>
          <span className="stat-sub">humans α {alphaText(r.human, true)}</span>
          {r.ai.units > 0 && <span className="stat-sub">AI α {alphaText(r.ai)}</span>}
        </li>
      ))}
    </ul>
  );
}

function ScatterCard({ report }: { report: TAgreementReport }) {
  const all = [...report.labelers.human, ...report.labelers.ai];
  const points = all.flatMap((l) =>
    l.goldAgreement !== null && l.peerAgreement !== null
      ? [{ name: l.name, gold: l.goldAgreement, peer: l.peerAgreement, status: l.status ?? "INVITED", kind: l.kind }]
      : [],
  );
  const missing = all.length - points.length;
  const tiers = [...new Set(points.map((p) => p.status))];
  return (
    <ChartCard
      title="Labelers: gold vs peer agreement"
      caption="Each labeler once; colour is the tier, circles are people, diamonds are AI labelers."
      testId="chart-scatter"
    >
      {points.length === 0 ? (
        <EmptyBlock title="Nothing to plot yet">
          Labelers appear once they have answered gold items and shared items with peers. Gold comes from screening and honeypot items.
        </EmptyBlock>
      ) : (
        <>
          <div
            className="chart-box"
            role="img"
            aria-label={`${plural(points.length, "labeler")} by gold and peer agreement; details in the labeler table below`}
          >
            <LabelerScatter points={points} />
          </div>
          <ul className="chart-legend">
            {tiers.map((t) => (
              <li key={t}>
                <span aria-hidden="true" style={{ background: TIER_SWATCH[t] }} />
                {MEMBER_STATUS[t].label}
              </li>
            ))}
            <li>● human · ◆ AI</li>
          </ul>
        </>
      )}
      {missing > 0 && points.length > 0 && (
        <p className="f-hint" style={{ margin: "6px 0 0" }}>
          {plural(missing, "labeler")} without gold or peer data not shown.
        </p>
      )}
    </ChartCard>
  );
}

function DistributionCard({ report }: { report: TAgreementReport }) {
  const withData = report.questions.filter((q) => Object.keys(q.distribution.human).length + Object.keys(q.distribution.ai).length > 0);
  const [selected, setSelected] = useState(withData[0]?.questionId ?? "");
  const question = withData.find((q) => q.questionId === selected) ?? withData[0];
  return (
    <ChartCard
      title="Label distribution"
      caption="How often each label was given, per question."
      testId="chart-distribution"
      action={
        withData.length > 1 ? (
          <select
            className="control"
            style={{ width: "auto", maxWidth: 220 }}
            aria-label="Question"
            value={question?.questionId ?? ""}
            onChange={(e) => setSelected(e.target.value)}
          >
            {withData.map((q) => (
              <option key={q.questionId} value={q.questionId}>
                {q.title}
              </option>
            ))}
          </select>
        ) : undefined
      }
    >
      {question ? (
        <div
          className="chart-box"
          role="img"
          aria-label={`Label counts for “${question.title}”: ${Object.entries(question.distribution.human)
            .map(([k, v]) => `${k}: ${v}`)
            .join(", ")}`}
        >
          <DistributionChart distribution={question.distribution} />
        </div>
      ) : (
        <EmptyBlock title="No labels yet" />
      )}
    </ChartCard>
  );
}

function QuestionTable({ report, criteriaNames }: { report: TAgreementReport; criteriaNames: Record<string, string> }) {
  return (
    <section className="card" aria-labelledby="alpha-questions-title">
      <div className="card-head">
        <div>
          <h3 id="alpha-questions-title">α per question</h3>
          <p>With the 95% bootstrap interval over items ({formatCount(report.bootstrap.iterations)} resamples).</p>
        </div>
      </div>
      <div className="table-wrap">
        <table className="data-table dense" data-testid="alpha-questions">
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Humans</th>
              <th scope="col">AI</th>
              <th scope="col">AI vs humans</th>
            </tr>
          </thead>
          <tbody>
            {report.questions.map((q) => (
              <tr key={q.questionId}>
                <td>
                  <strong>{q.title}</strong>
                  <div className="faint" style={{ fontSize: 12 }}>
                    {q.type} · {q.level}
                    {q.criterion ? ` · ${criteriaNames[q.criterion] ?? q.criterion}` : ""}
                  </div>
                </td>
                <td className="nowrap">{alphaText(q.human, true)}</td>
                <td className="nowrap">{alphaText(q.ai, true)}</td>
                <td className="nowrap">{alphaText(q.aiVsHuman)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.questions.length === 0 && (
        <div className="card-body">
          <p className="muted">No questions can be compared yet.</p>
        </div>
      )}
      <div className="card-foot">
        <span className="f-hint">
          Agreement ≥ 0.8:{" "}
          {percent(report.questions.filter((q) => (q.human.alpha ?? 0) >= 0.8).length / Math.max(1, report.questions.length))} of questions
        </span>
        <Badge tone="neutral">seed {report.bootstrap.seed}</Badge>
      </div>
    </section>
  );
}
