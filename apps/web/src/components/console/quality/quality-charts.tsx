"use client";

import type { TAgreementReport, TMemberStatus } from "@rankwise/shared";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";

/**
 * The quality dashboard's charts (recharts). This module is loaded with next/dynamic and never
 * server-rendered, so the chart library only reaches browsers that open the Quality tab.
 */

export const SERIES_COLORS = ["#2f56d3", "#1b7a4a", "#b4690e", "#7c3aed", "#0f6673", "#a3264f", "#5a6472"];

export const TIER_COLORS: Record<TMemberStatus, string> = {
  INVITED: "#7b8492",
  SCREENING: "#2f56d3",
  QUALIFIED: "#1b7a4a",
  SUPER_RATER: "#7c3aed",
  FAILED: "#b42318",
  SUSPENDED: "#b4690e",
};

const AXIS = { stroke: "#c5cbd4", tick: { fill: "#5a6472", fontSize: 12 } };
const TOOLTIP_STYLE = { borderRadius: 6, border: "1px solid #dde1e7", fontSize: 12 };
const UNIT_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const fmt = (v: unknown) => (typeof v === "number" ? v.toFixed(2) : String(v ?? "—"));

/** Krippendorff's α per criterion and week (humans solid, AI dashed), with the usual 0.667 / 0.8 marks. */
export function AlphaTrendChart({ trends, criteriaNames }: { trends: TAgreementReport["trends"]; criteriaNames: Record<string, string> }) {
  const weeks = [...new Set(trends.map((t) => t.week))].sort();
  const criteria = [...new Set(trends.map((t) => t.criterion))];
  const hasAi = trends.some((t) => t.ai.alpha !== null);
  const data = weeks.map((week) => {
    const row: Record<string, string | number | null> = { week };
    for (const t of trends.filter((x) => x.week === week)) {
      row[`h:${t.criterion}`] = t.human.alpha;
      row[`a:${t.criterion}`] = t.ai.alpha;
    }
    return row;
  });
  const name = (c: string) => criteriaNames[c] ?? c;
  const values = trends.flatMap((t) => [t.human.alpha, t.ai.alpha]).filter((v): v is number => v !== null);
  // Even steps of 0.2 from the lowest value (α can be negative) up to perfect agreement.
  const low = Math.floor(Math.min(0, ...values) * 5) / 5;
  const ticks = Array.from({ length: Math.round((1 - low) / 0.2) + 1 }, (_, i) => Math.round((low + i * 0.2) * 10) / 10);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 40, bottom: 4, left: -8 }}>
        <CartesianGrid stroke="#eef0f3" vertical={false} />
        <XAxis dataKey="week" {...AXIS} />
        <YAxis domain={[low, 1]} ticks={ticks} {...AXIS} tickFormatter={(v: number) => v.toFixed(1)} />
        <ReferenceLine
          y={0.8}
          stroke="#9fd3b5"
          strokeDasharray="4 4"
          label={{ value: "0.8", position: "right", fill: "#1b7a4a", fontSize: 11 }}
        />
        <ReferenceLine
          y={0.667}
          stroke="#e7b66b"
          strokeDasharray="4 4"
          label={{ value: "0.667", position: "right", fill: "#b4690e", fontSize: 11 }}
        />
        <Tooltip contentStyle={TOOLTIP_STYLE} formatter={fmt} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {criteria.map((c, i) => (
          <Line
            key={`h:${c}`}
            type="linear"
            dataKey={`h:${c}`}
            name={`${name(c)} · humans`}
            stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
        {hasAi &&
          criteria.map((c, i) => (
            <Line
              key={`a:${c}`}
              type="linear"
              dataKey={`a:${c}`}
              name={`${name(c)} · AI`}
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              strokeWidth={2}
              strokeDasharray="5 4"
              dot={{ r: 3 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export type TScatterPoint = { name: string; gold: number; peer: number; status: TMemberStatus; kind: "HUMAN" | "AI" };

/** Gold vs peer agreement per labeler: colour is the tier, a circle is a person, a diamond an AI. */
export function LabelerScatter({ points }: { points: TScatterPoint[] }) {
  const humans = points.filter((p) => p.kind === "HUMAN");
  const ais = points.filter((p) => p.kind === "AI");
  const tip = ({ active, payload }: { active?: boolean; payload?: readonly { payload?: TScatterPoint }[] }) => {
    const p = active ? payload?.[0]?.payload : undefined;
    if (!p) return null;
    return (
      <div style={{ ...TOOLTIP_STYLE, background: "#fff", padding: "6px 8px" }}>
        <strong>{p.name}</strong> ({p.kind === "AI" ? "AI" : "human"}, {p.status.toLowerCase().replace("_", " ")})
        <br />
        gold {fmt(p.gold)} · peer {fmt(p.peer)}
      </div>
    );
  };
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ScatterChart margin={{ top: 8, right: 16, bottom: 16, left: 4 }}>
        <CartesianGrid stroke="#eef0f3" />
        <XAxis
          type="number"
          dataKey="gold"
          name="Gold agreement"
          domain={[0, 1]}
          ticks={UNIT_TICKS}
          {...AXIS}
          tickFormatter={(v: number) => v.toFixed(1)}
          label={{ value: "gold agreement", position: "insideBottom", offset: -8, fill: "#5a6472", fontSize: 12 }}
        />
        <YAxis
          type="number"
          dataKey="peer"
          name="Peer agreement"
          domain={[0, 1]}
          ticks={UNIT_TICKS}
          {...AXIS}
          tickFormatter={(v: number) => v.toFixed(1)}
          label={{
            value: "peer agreement",
            angle: -90,
            position: "insideLeft",
            offset: 10,
            fill: "#5a6472",
            fontSize: 12,
            style: { textAnchor: "middle" },
          }}
        />
        <ZAxis range={[70, 70]} />
        <Tooltip content={tip} />
        <Scatter name="Humans" data={humans} shape="circle" isAnimationActive={false}>
          {humans.map((p) => (
            <Cell key={p.name} fill={TIER_COLORS[p.status]} />
          ))}
        </Scatter>
        <Scatter name="AI" data={ais} shape="diamond" isAnimationActive={false}>
          {ais.map((p) => (
            <Cell key={p.name} fill={TIER_COLORS[p.status]} />
          ))}
        </Scatter>
      </ScatterChart>
    </ResponsiveContainer>
  );
}

/** How often each label was given, humans and AI side by side. */
export function DistributionChart({ distribution }: { distribution: TAgreementReport["questions"][number]["distribution"] }) {
  const labels = [...new Set([...Object.keys(distribution.human), ...Object.keys(distribution.ai)])].sort((a, b) => {
    const na = Number.parseFloat(a);
    const nb = Number.parseFloat(b);
    return Number.isNaN(na) || Number.isNaN(nb) ? a.localeCompare(b) : na - nb;
  });
  const data = labels.map((label) => ({ label, human: distribution.human[label] ?? 0, ai: distribution.ai[label] ?? 0 }));
  const hasAi = data.some((d) => d.ai > 0);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: -8 }}>
        <CartesianGrid stroke="#eef0f3" vertical={false} />
        <XAxis dataKey="label" {...AXIS} interval={0} />
        <YAxis allowDecimals={false} {...AXIS} />
        <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: "#f0f2f5" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="human" name="Humans" fill="#2f56d3" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        {hasAi && <Bar dataKey="ai" name="AI" fill="#7c3aed" radius={[3, 3, 0, 0]} isAnimationActive={false} />}
      </BarChart>
    </ResponsiveContainer>
  );
}
