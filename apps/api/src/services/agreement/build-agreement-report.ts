import {
  AlphaAccumulator,
  cellCriterion,
  codeAnswer,
  MetricError,
  measurementLevel,
  scoreAgainstSummary,
  summarizeReferences,
  updateSummary,
  VERDICTS,
  type TAgreementReport,
  type TAlphaResult,
  type TCodedAnswer,
  type TLabelerAgreement,
  type TQuestion,
} from "@rankwise/shared";
import { notFound } from "../../lib/app-error.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import { parseForm } from "../forms/form-versions.ts";
import { streamAgreementItems, type TAgreementRow, weekStartDay } from "./load-agreement-rows.ts";

export type TReportParams = { formVersion?: number; from?: string; to?: string; iterations: number; seed: number };

type TLevel = "nominal" | "ordinal" | "interval";
type TPop = 0 | 1;
const HUMAN: TPop = 0;
const AI: TPop = 1;
const POPS = [HUMAN, AI] as const;
const CONFIDENCE = 0.95;

/** The finest grouping: one question's units of one criterion whose item got its first answer in one week. */
type TGroup = { criterion: string | null; week: number; alpha: [AlphaAccumulator, AlphaAccumulator]; aiVsHuman: AlphaAccumulator };
type TQuestionAcc = { question: TQuestion; level: TLevel; groups: Map<string, TGroup>; dist: [Map<string, number>, Map<string, number>] };

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** One value per population for AI-vs-human α: mean (interval), median (ordinal), mode (nominal, ties → smallest). */
function consensus(values: number[], level: TLevel): number {
  if (values.length === 1) return values[0] as number;
  if (level === "interval") return values.reduce((a, b) => a + b, 0) / values.length;
  const sorted = [...values].sort((a, b) => a - b);
  if (level === "ordinal") {
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
  let best = sorted[0] as number;
  let bestRun = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestRun) [best, bestRun] = [sorted[i] as number, j - i];
    i = j;
  }
  return best;
}

/** The label(s) an answer counts under in the distribution. */
function countLabels(q: TQuestion, raw: unknown, coded: TCodedAnswer, into: Map<string, number>): void {
  if (q.type === "ranking") bump(into, `${(raw as unknown[]).length} tiers`);
  else if (q.type === "pairwise") bump(into, String((raw as { value: number }).value));
  else if (q.type === "choice" && !q.multiple) bump(into, q.options[coded.values[0] as number]?.value ?? "?");
  else if (q.type === "choice") {
    for (let i = 0; i < coded.keys.length; i++) if (coded.values[i] === 1) bump(into, coded.keys[i] as string);
  } else if (q.type === "rules") {
    for (const v of coded.values) bump(into, VERDICTS[v] ?? "?");
  } else {
    for (const v of coded.values) bump(into, String(v));
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The agreement report of a project's live annotations:
 * - Krippendorff's α per question and per criterion, humans and AI labelers apart (never one α over
 *   both), with a seeded bootstrap CI over units, plus α between the human and the AI consensus;
 * - per labeler: annotations, median time, gold agreement (as kept on the membership), peer agreement
 *   against the other labelers of the same kind on shared items, and position bias in rankings;
 * - label distributions, and α per criterion per week (items bucketed by the week of their first answer).
 *
 * Units: ranking → (item, response), ordinal on mid-rank positions; pairwise → (item, pair), ordinal
 * on the value oriented to the pair; rating → (item, response), interval; choice → item (single) or
 * (item, option) chosen or not (multiple), nominal; rules → (item, response, rule), nominal; steps →
 * (item, response, step), ordinal. Text is not coded. Each unit is added once, to its (question,
 * criterion, week) group; question, criterion and weekly figures merge those groups.
 */
export async function buildAgreementReport(
  db: { prisma: TPrisma; databaseUrl: string },
  projectId: string,
  params: TReportParams,
): Promise<TAgreementReport> {
  const { prisma } = db;
  const started = performance.now();
  const [versions, members] = await Promise.all([
    prisma.formVersion.findMany({ where: { projectId }, orderBy: { version: "desc" } }),
    prisma.projectMember.findMany({ where: { projectId }, include: { user: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const reportRow = params.formVersion === undefined ? versions[0] : versions.find((v) => v.version === params.formVersion);
  if (!reportRow) throw notFound(params.formVersion === undefined ? "Form" : `Form version ${params.formVersion}`);
  const form = parseForm(reportRow);
  const parsed = versions.map((v) => ({ version: v.version, form: parseForm(v) }));
  const questionsByVersion = new Map<number, Map<string, TQuestion>>(
    parsed.map((v) => [v.version, new Map(v.form.questions.map((q) => [q.id, q]))]),
  );
  questionsByVersion.set(0, new Map(form.questions.map((q) => [q.id, q])));

  const accs: TQuestionAcc[] = form.questions.flatMap((question) => {
    const level = measurementLevel(question.type) as TLevel | null;
    return level ? [{ question, level, groups: new Map(), dist: [new Map(), new Map()] as TQuestionAcc["dist"] }] : [];
  });
  const textIds = [...new Set(parsed.flatMap((v) => v.form.questions.filter((q) => q.type === "text").map((q) => q.id)))];
  const needOrder = parsed.some((v) => v.form.questions.some((q) => q.type === "ranking" && q.topK !== null));

  const L = members.length + 1;
  const kindOf = new Uint8Array(L);
  const indexOf = new Map<string, number>();
  members.forEach((m, i) => {
    kindOf[i + 1] = m.user.kind === "AI" ? AI : HUMAN;
    indexOf.set(m.userId, i + 1);
  });
  const annotations = new Float64Array(L);
  const durations: number[][] = Array.from({ length: L }, () => []);
  const peerSum = new Float64Array(L);
  const peerItems = new Float64Array(L);
  const biasRankings = new Float64Array(L);
  const biasHits = new Float64Array(L);
  const biasExpected = new Float64Array(L);
  const popCounts = [0, 0];

  let items = 0;
  let total = 0;
  let rowPeerSum = new Float64Array(16);
  let rowPeerN = new Float64Array(16);
  let coded: (TCodedAnswer | null)[] = new Array(16);
  let pops = new Uint8Array(16);

  const groupOf = (qa: TQuestionAcc, criterion: string | null, week: number): TGroup => {
    const key = `${criterion ?? ""}\u0001${week}`;
    let group = qa.groups.get(key);
    if (!group) {
      group = { criterion, week, alpha: [new AlphaAccumulator(), new AlphaAccumulator()], aiVsHuman: new AlphaAccumulator() };
      qa.groups.set(key, group);
    }
    return group;
  };

  /** One item: all of its answers (answers by labelers who are not members are left out). */
  const processItem = (all: TAgreementRow[]) => {
    const rows: TAgreementRow[] = [];
    const who: number[] = [];
    for (const r of all) {
      const w = indexOf.get(r[1]);
      if (w === undefined) continue;
      rows.push(r);
      who.push(w);
    }
    const m = rows.length;
    if (m === 0) return;
    items++;
    total += m;
    if (rowPeerSum.length < m)
      [rowPeerSum, rowPeerN, coded, pops] = [new Float64Array(m), new Float64Array(m), new Array(m), new Uint8Array(m)];
    rowPeerSum.fill(0, 0, m);
    rowPeerN.fill(0, 0, m);
    let week = Number.POSITIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      const row = rows[i] as TAgreementRow;
      week = Math.min(week, row[2]);
      pops[i] = kindOf[who[i] as number] as number;
    }

    for (const qa of accs) {
      const q = qa.question;
      const perPop = [0, 0];
      for (let i = 0; i < m; i++) {
        const row = rows[i] as TAgreementRow;
        const own = questionsByVersion.get(row[6])?.get(q.id);
        const raw = own && own.type === q.type && Object.hasOwn(row[7], q.id) ? row[7][q.id] : undefined;
        const ctx = row[8] && q.type === "ranking" && q.topK !== null ? { responses: row[8].map((id) => ({ id })) } : undefined;
        const c = raw === undefined ? null : codeAnswer(own as TQuestion, raw, ctx);
        coded[i] = c;
        if (!c) continue;
        const pop = pops[i] as TPop;
        perPop[pop] = (perPop[pop] as number) + 1;
        countLabels(q, raw, c, qa.dist[pop]);
        if (q.type === "ranking") {
          const w = who[i] as number;
          const top = (raw as string[][])[0] ?? [];
          biasRankings[w] = (biasRankings[w] as number) + 1;
          if (row[4] !== null && top.includes(row[4])) biasHits[w] = (biasHits[w] as number) + 1;
          biasExpected[w] = (biasExpected[w] as number) + top.length / Math.max(1, row[5]);
        }
      }
      if (perPop[HUMAN] === 0 && perPop[AI] === 0) continue;

      // Values per cell and population → α units.
      const cells = new Map<string, [number[], number[]]>();
      for (let i = 0; i < m; i++) {
        const c = coded[i];
        if (!c) continue;
        const pop = pops[i] as TPop;
        for (let j = 0; j < c.keys.length; j++) {
          const key = c.keys[j] as string;
          let entry = cells.get(key);
          if (!entry) {
            entry = [[], []];
            cells.set(key, entry);
          }
          entry[pop].push(c.values[j] as number);
        }
      }
      const fixed = q.type === "rules" ? null : groupOf(qa, q.criterion, week);
      for (const [key, values] of cells) {
        const group = fixed ?? groupOf(qa, cellCriterion(q, key), week);
        for (const pop of POPS) if (values[pop].length >= 2) group.alpha[pop].addUnit(values[pop]);
        if (values[HUMAN].length && values[AI].length)
          group.aiVsHuman.addUnit([consensus(values[HUMAN], qa.level), consensus(values[AI], qa.level)]);
      }

      // Peer agreement: each answer against the others of its population (summary minus itself).
      for (const pop of POPS) {
        if ((perPop[pop] as number) < 2) continue;
        const mine: number[] = [];
        for (let i = 0; i < m; i++) if (coded[i] && pops[i] === pop) mine.push(i);
        const summary = summarizeReferences(
          q,
          mine.map((i) => coded[i] as TCodedAnswer),
        );
        for (const i of mine) {
          const own = coded[i] as TCodedAnswer;
          updateSummary(summary, q, own, -1);
          const s = scoreAgainstSummary(q, own, summary);
          updateSummary(summary, q, own, 1);
          if (s === null) continue;
          rowPeerSum[i] = (rowPeerSum[i] as number) + s;
          rowPeerN[i] = (rowPeerN[i] as number) + 1;
        }
      }
    }

    for (let i = 0; i < m; i++) {
      const row = rows[i] as TAgreementRow;
      const w = who[i] as number;
      popCounts[pops[i] as number] = (popCounts[pops[i] as number] as number) + 1;
      annotations[w] = (annotations[w] as number) + 1;
      if (row[3] >= 0) (durations[w] as number[]).push(row[3]);
      const n = rowPeerN[i] as number;
      if (n > 0) {
        peerSum[w] = (peerSum[w] as number) + (rowPeerSum[i] as number) / n;
        peerItems[w] = (peerItems[w] as number) + 1;
      }
    }
  };

  await streamAgreementItems(
    db.databaseUrl,
    {
      projectId,
      textQuestionIds: textIds,
      withDisplayOrder: needOrder,
      from: params.from ? new Date(params.from) : null,
      to: params.to ? new Date(params.to) : null,
    },
    processItem,
  );

  const alphaResult = (acc: AlphaAccumulator, level: TLevel, withCi: boolean): TAlphaResult => {
    const base = { units: acc.units, values: acc.pairableValues };
    try {
      if (withCi && params.iterations > 0) {
        const r = acc.bootstrap(level, { iterations: params.iterations, seed: params.seed, confidence: CONFIDENCE });
        return { ...base, alpha: r.estimate, ci: { lower: r.lower, upper: r.upper, iterations: r.iterations }, reason: null };
      }
      return { ...base, alpha: acc.alpha(level), ci: null, reason: null };
    } catch (err) {
      if (!(err instanceof MetricError)) throw err;
      if (err.code === "NO_VALID_RESAMPLES") return { ...base, alpha: acc.alpha(level), ci: null, reason: err.code };
      return { ...base, alpha: null, ci: null, reason: err.code };
    }
  };
  type TMerged = { alpha: [AlphaAccumulator, AlphaAccumulator]; aiVsHuman: AlphaAccumulator };
  const merged = (): TMerged => ({ alpha: [new AlphaAccumulator(), new AlphaAccumulator()], aiVsHuman: new AlphaAccumulator() });
  const mergeInto = (into: TMerged, group: TGroup) => {
    into.alpha[HUMAN].merge(group.alpha[HUMAN]);
    into.alpha[AI].merge(group.alpha[AI]);
    into.aiVsHuman.merge(group.aiVsHuman);
  };
  const results = (acc: TMerged, level: TLevel) => ({
    human: alphaResult(acc.alpha[HUMAN], level, true),
    ai: alphaResult(acc.alpha[AI], level, true),
    aiVsHuman: alphaResult(acc.aiVsHuman, level, true),
  });

  const criteria = new Map<string, TMerged & { criterion: string; level: TLevel; questions: Set<string> }>();
  const trends = new Map<string, TMerged & { criterion: string; level: TLevel; week: number }>();
  const questions = accs.map((qa) => {
    const total = merged();
    for (const group of qa.groups.values()) {
      mergeInto(total, group);
      if (group.criterion === null) continue;
      const ck = `${group.criterion}\u0000${qa.level}`;
      const c = criteria.get(ck) ?? { ...merged(), criterion: group.criterion, level: qa.level, questions: new Set<string>() };
      criteria.set(ck, c);
      c.questions.add(qa.question.id);
      mergeInto(c, group);
      const tk = `${group.week}\u0000${ck}`;
      const t = trends.get(tk) ?? { ...merged(), criterion: group.criterion, level: qa.level, week: group.week };
      trends.set(tk, t);
      mergeInto(t, group);
    }
    return {
      questionId: qa.question.id,
      type: qa.question.type,
      title: qa.question.title,
      criterion: qa.question.criterion,
      level: qa.level,
      ...results(total, qa.level),
      distribution: { human: Object.fromEntries(qa.dist[HUMAN]), ai: Object.fromEntries(qa.dist[AI]) },
    };
  });

  const labelers: TLabelerAgreement[] = members.map((m, i) => {
    const who = i + 1;
    const rankings = biasRankings[who] as number;
    return {
      userId: m.userId,
      name: m.user.name,
      email: m.user.email,
      kind: m.user.kind,
      status: m.status,
      annotations: annotations[who] as number,
      medianDurationMs: median(durations[who] as number[]),
      goldAgreement: m.goldAgreement,
      goldCount: m.goldCount,
      peerAgreement: (peerItems[who] as number) > 0 ? (peerSum[who] as number) / (peerItems[who] as number) : null,
      peerItems: peerItems[who] as number,
      positionBias: {
        rankings,
        firstInTop: rankings ? (biasHits[who] as number) / rankings : null,
        expected: rankings ? (biasExpected[who] as number) / rankings : null,
      },
    };
  });

  const report: TAgreementReport = {
    projectId,
    formVersion: reportRow.version,
    generatedAt: new Date().toISOString(),
    computeMs: 0,
    cached: false,
    filters: { from: params.from ?? null, to: params.to ?? null },
    bootstrap: { iterations: params.iterations, seed: params.seed, confidence: CONFIDENCE },
    counts: { annotations: total, items, human: popCounts[HUMAN] as number, ai: popCounts[AI] as number },
    questions,
    criteria: [...criteria.values()]
      .sort((a, b) => a.criterion.localeCompare(b.criterion) || a.level.localeCompare(b.level))
      .map((c) => ({ criterion: c.criterion, level: c.level, questions: [...c.questions], ...results(c, c.level) })),
    labelers: { human: labelers.filter((l) => l.kind === "HUMAN"), ai: labelers.filter((l) => l.kind === "AI") },
    trends: [...trends.values()]
      .sort((a, b) => a.week - b.week || a.criterion.localeCompare(b.criterion) || a.level.localeCompare(b.level))
      .map((t) => {
        const point = (acc: AlphaAccumulator) => ({ alpha: alphaResult(acc, t.level, false).alpha, units: acc.units });
        const week = new Date(weekStartDay(t.week) * 86_400_000).toISOString().slice(0, 10);
        return { week, criterion: t.criterion, level: t.level, human: point(t.alpha[HUMAN]), ai: point(t.alpha[AI]) };
      }),
  };
  report.computeMs = Math.round(performance.now() - started);
  return report;
}
