import { createRng, krippendorffAlpha, peerAgreementByRater, rankingPositions, ZFormDefinition } from "@rankwise/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, type TTestUser } from "./helpers/fixtures.ts";
import { importAndMap, makeApi, makeRoleItems, type TApi } from "./helpers/quality.ts";

let ctx: TTestContext;
let api: TApi;
let researcher: TTestUser;

const FORM = ZFormDefinition.parse({
  questions: [
    { id: "rank", type: "ranking", title: "Rank", criterion: "helpful" },
    { id: "stars", type: "rating", title: "Stars", criterion: "helpful", min: 1, max: 5 },
    {
      id: "topic",
      type: "choice",
      title: "Topic",
      options: [
        { value: "a", label: "A" },
        { value: "b", label: "B" },
        { value: "c", label: "C" },
      ],
    },
    {
      id: "safety",
      type: "rules",
      title: "Rules",
      criterion: "honest",
      rules: [
        { id: "safe", text: "Safe", criterion: "harmless" },
        { id: "cites", text: "Cites sources" },
      ],
    },
    { id: "note", type: "text", title: "Note", required: false },
  ],
});

const HUMANS = ["h1", "h2", "h3"] as const;
const AIS = ["a1", "a2"] as const;
const IDS = ["r1", "r2", "r3"];
/** Topic per labeler per item, small enough to compute α by hand (see the test). */
const TOPIC: Record<string, string[]> = {
  h1: ["a", "b", "c", "a"],
  h2: ["a", "b", "c", "b"],
  h3: ["a", "a", "c", "b"],
  a1: ["a", "b", "c", "a"],
  a2: ["a", "b", "b", "a"],
};

type TAnswers = {
  rank: string[][];
  stars: Record<string, number>;
  topic: string;
  safety: Record<string, Record<string, { verdict: string }>>;
  note: string;
};

/** Seeded answers that agree more than chance: each item has a true order, labelers mostly follow it. */
function makeAnswers(): Record<string, TAnswers[]> {
  const rng = createRng(2024);
  const out: Record<string, TAnswers[]> = {};
  for (const who of [...HUMANS, ...AIS]) {
    out[who] = [0, 1, 2, 3].map((item) => {
      const truth = [...IDS.slice(item % 3), ...IDS.slice(0, item % 3)];
      const order = rng() < 0.6 ? truth : [...truth].reverse();
      const rank = rng() < 0.2 ? [[order[0] as string, order[1] as string], [order[2] as string]] : order.map((id) => [id]);
      const stars = Object.fromEntries(
        IDS.map((id, i) => [id, Math.min(5, Math.max(1, 1 + ((item + i * 2) % 5) + (rng() < 0.3 ? 1 : 0)))]),
      );
      const verdict = () => ({ verdict: rng() < 0.7 ? "yes" : "no" });
      const safety = Object.fromEntries(IDS.map((id) => [id, { safe: verdict(), cites: verdict() }]));
      return { rank, stars, topic: TOPIC[who]?.[item] as string, safety, note: "free text" };
    });
  }
  return out;
}

let project: { id: string };
let users: Record<string, TTestUser>;
let answers: Record<string, TAnswers[]>;
let itemIds: string[];

async function annotate(who: TTestUser, itemId: string, answer: unknown, displayOrder: string[], durationMs: number) {
  const formVersion = await ctx.app.prisma.formVersion.findFirstOrThrow({ where: { projectId: project.id } });
  const assignment = await ctx.app.prisma.assignment.create({
    data: {
      projectId: project.id,
      itemId,
      labelerId: who.id,
      status: "SUBMITTED",
      leaseExpiresAt: new Date(),
      submittedAt: new Date(),
      formVersionId: formVersion.id,
    },
  });
  await ctx.app.prisma.annotation.create({
    data: {
      assignmentId: assignment.id,
      projectId: project.id,
      itemId,
      labelerId: who.id,
      formVersionId: formVersion.id,
      answer: answer as object,
      displayOrder,
      durationMs,
    },
  });
}

beforeAll(async () => {
  ctx = await buildTestApp();
  api = makeApi(ctx);
  researcher = await createUser(ctx.app, "RESEARCHER");
  project = await createTestProject(ctx.app, researcher, { overlap: 5 });
  expect((await api("PUT", `/projects/${project.id}/form`, researcher, { definition: FORM })).statusCode).toBe(200);
  const ids = await importAndMap(ctx, project.id, researcher, [...makeRoleItems(4, "live"), ...makeRoleItems(1, "gold", "honeypot")]);
  itemIds = [1, 2, 3, 4].map((n) => ids.get(`live-${n}`) as string);
  users = {};
  for (const who of [...HUMANS, ...AIS]) {
    users[who] = await createUser(ctx.app, "LABELER", { kind: who.startsWith("a") ? "AI" : "HUMAN" });
    await addLabeler(ctx.app, project.id, users[who] as TTestUser);
  }
  answers = makeAnswers();
  for (const who of [...HUMANS, ...AIS]) {
    for (const [item, itemId] of itemIds.entries()) {
      const a = answers[who]?.[item] as TAnswers;
      // h1 is always shown its own favourite first; everyone else sees r1, r2, r3.
      const display = who === "h1" ? [a.rank[0]?.[0] as string, ...IDS.filter((id) => id !== a.rank[0]?.[0])] : IDS;
      await annotate(users[who] as TTestUser, itemId, a, display, (item + 1) * 1000);
    }
    // A honeypot answer that must not count anywhere.
    await annotate(users[who] as TTestUser, ids.get("gold-1") as string, { ...answers[who]?.[0], topic: "c" }, IDS, 99_000);
  }
});
afterAll(() => ctx.close());

/** data[rater][unit] for krippendorffAlpha, from the seeded answers. */
function matrix(raters: readonly string[], units: (a: TAnswers) => number[]): number[][] {
  return raters.map((who) => (answers[who] as TAnswers[]).flatMap(units));
}
const positions = (a: TAnswers) => {
  const coded = rankingPositions(a.rank);
  return IDS.map((id) => coded.values[coded.keys.indexOf(id)] as number);
};
const stars = (a: TAnswers) => IDS.map((id) => a.stars[id] as number);
const VERDICT: Record<string, number> = { yes: 0, no: 1 };
const cells = (rule: string) => (a: TAnswers) => IDS.map((id) => VERDICT[a.safety[id]?.[rule]?.verdict as string] as number);

const report = async (query = "", user = researcher) => {
  const res = await api("GET", `/projects/${project.id}/agreement${query}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe("agreement report", () => {
  it("α per question, humans and AI apart, equals krippendorffAlpha on the same data", async () => {
    const r = await report("?iterations=200&seed=3");
    expect(r.counts).toEqual({ annotations: 20, items: 4, human: 12, ai: 8 });
    const q = Object.fromEntries(r.questions.map((x: { questionId: string }) => [x.questionId, x]));
    expect(Object.keys(q)).toEqual(["rank", "stars", "topic", "safety"]);

    // Topic by hand. Humans: units (a,a,a) (b,b,a) (c,c,c) (a,b,b) → o_aa 3, o_bb 2, o_ab = o_ba 2, o_cc 3;
    // n = 12 (a 5, b 4, c 3); α = 1 − 11 · 4 / (2 · (5·4 + 5·3 + 4·3)) = 25/47.
    expect(q.topic.human.alpha).toBeCloseTo(25 / 47, 12);
    // AI: (a,a) (b,b) (c,b) (a,a) → o_aa 4, o_bb 2, o_bc = o_cb 1; n = 8 (a 4, b 3, c 1); α = 1 − 7 · 2 / 38 = 12/19.
    expect(q.topic.ai.alpha).toBeCloseTo(12 / 19, 12);
    expect(q.topic).toMatchObject({ type: "choice", level: "nominal", human: { units: 4, values: 12 }, ai: { units: 4, values: 8 } });

    expect(q.rank.level).toBe("ordinal");
    expect(q.rank.human.alpha).toBeCloseTo(krippendorffAlpha(matrix(HUMANS, positions), "ordinal"), 12);
    expect(q.rank.ai.alpha).toBeCloseTo(krippendorffAlpha(matrix(AIS, positions), "ordinal"), 12);
    expect(q.stars.level).toBe("interval");
    expect(q.stars.human.alpha).toBeCloseTo(krippendorffAlpha(matrix(HUMANS, stars), "interval"), 12);
    expect(q.stars.ai.alpha).toBeCloseTo(krippendorffAlpha(matrix(AIS, stars), "interval"), 12);
    const rules = (raters: readonly string[]) => matrix(raters, (a) => [...cells("safe")(a), ...cells("cites")(a)]);
    expect(q.safety.human.alpha).toBeCloseTo(krippendorffAlpha(rules(HUMANS), "nominal"), 12);
    // Never one α over humans and AI together.
    const mixed = krippendorffAlpha(matrix([...HUMANS, ...AIS], stars), "interval");
    expect(q.stars.human.alpha).not.toBeCloseTo(mixed, 6);

    // AI vs human: α between the human mean and the AI mean rating of each (item, response).
    const mean = (raters: readonly string[]) =>
      matrix(raters, stars).reduce((acc, row) => acc.map((v, i) => v + (row[i] as number) / raters.length), Array(12).fill(0));
    expect(q.stars.aiVsHuman.alpha).toBeCloseTo(krippendorffAlpha([mean(HUMANS), mean(AIS)], "interval"), 12);

    // Seeded bootstrap CI.
    expect(q.stars.human.ci.iterations).toBeGreaterThan(150);
    expect(q.stars.human.ci.lower).toBeLessThanOrEqual(q.stars.human.ci.upper);
    const again = await report("?iterations=200&seed=3&refresh=true");
    expect(again.questions[1].human.ci).toEqual(q.stars.human.ci);
  });

  it("α per criterion: rule cells count under the rule's criterion, levels never mixed", async () => {
    const r = await report("?iterations=0");
    const c = Object.fromEntries(r.criteria.map((x: { criterion: string; level: string }) => [`${x.criterion}/${x.level}`, x]));
    expect(Object.keys(c).sort()).toEqual(["harmless/nominal", "helpful/interval", "helpful/ordinal", "honest/nominal"]);
    expect(c["helpful/ordinal"].questions).toEqual(["rank"]);
    expect(c["helpful/ordinal"].human.alpha).toBeCloseTo(krippendorffAlpha(matrix(HUMANS, positions), "ordinal"), 12);
    expect(c["harmless/nominal"].human.alpha).toBeCloseTo(krippendorffAlpha(matrix(HUMANS, cells("safe")), "nominal"), 12);
    expect(c["honest/nominal"].ai.alpha).toBeCloseTo(krippendorffAlpha(matrix(AIS, cells("cites")), "nominal"), 12);
    expect(c["helpful/ordinal"].human.ci).toBeNull();

    // One week of answers: each weekly point is the criterion's α.
    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    expect(r.trends).toHaveLength(4);
    for (const t of r.trends) {
      expect(t.week).toBe(monday.toISOString().slice(0, 10));
      expect(t.human.alpha).toBeCloseTo(c[`${t.criterion}/${t.level}`].human.alpha, 12);
    }
  });

  it("per labeler: annotations, median time, peer agreement, position bias; humans and AI listed apart", async () => {
    const r = await report("?iterations=0");
    expect(r.labelers.human.map((l: { userId: string }) => l.userId)).toEqual(HUMANS.map((h) => users[h]?.id));
    expect(r.labelers.ai.map((l: { userId: string }) => l.userId)).toEqual(AIS.map((a) => users[a]?.id));
    const h1 = r.labelers.human[0];
    expect(h1).toMatchObject({
      kind: "HUMAN",
      status: "QUALIFIED",
      annotations: 4,
      medianDurationMs: 2500,
      peerItems: 4,
      goldCount: 0,
      goldAgreement: null,
    });
    // h1 always saw its favourite first: all four rankings put the first-shown response on top.
    expect(h1.positionBias.rankings).toBe(4);
    expect(h1.positionBias.firstInTop).toBe(1);
    const expectedTop = (answers.h1 as TAnswers[]).reduce((s, a) => s + (a.rank[0]?.length ?? 0) / 3, 0) / 4;
    expect(h1.positionBias.expected).toBeCloseTo(expectedTop, 12);

    // Peer agreement as the shared helper computes it on the human answers (text is not scored).
    const peers = peerAgreementByRater(
      itemIds.map((_, item) => ({ answers: HUMANS.map((who) => ({ rater: who, form: FORM, answers: answers[who]?.[item] as never })) })),
    );
    for (const [i, who] of HUMANS.entries()) expect(r.labelers.human[i].peerAgreement).toBeCloseTo(peers.get(who)?.score as number, 12);
  });

  it("label distributions per population", async () => {
    const r = await report("?iterations=0");
    const q = Object.fromEntries(r.questions.map((x: { questionId: string }) => [x.questionId, x]));
    expect(q.topic.distribution).toEqual({ human: { a: 5, b: 4, c: 3 }, ai: { a: 4, b: 3, c: 1 } });
    const starCounts: Record<string, number> = {};
    for (const who of HUMANS)
      for (const a of answers[who] as TAnswers[]) for (const v of Object.values(a.stars)) starCounts[v] = (starCounts[v] ?? 0) + 1;
    expect(q.stars.distribution.human).toEqual(starCounts);
    const verdicts = q.safety.distribution.human;
    expect((verdicts.yes ?? 0) + (verdicts.no ?? 0)).toBe(3 * 4 * 3 * 2);
  });

  it("is cached until an answer arrives, and only for researchers and engineers", async () => {
    const first = await report("?iterations=50");
    const second = await report("?iterations=50");
    expect([first.cached, second.cached]).toEqual([false, true]);
    expect(second.questions).toEqual(first.questions);
    const late = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.id, late);
    await annotate(late, itemIds[0] as string, answers.h1?.[0], IDS, 500);
    const third = await report("?iterations=50");
    expect(third.cached).toBe(false);
    expect(third.counts.annotations).toBe(21);

    const engineer = await createUser(ctx.app, "ENGINEER");
    expect((await api("GET", `/projects/${project.id}/agreement?iterations=0`, engineer)).statusCode).toBe(200);
    expect((await api("GET", `/projects/${project.id}/agreement`, users.h1 as TTestUser)).statusCode).toBe(403);
    expect((await api("GET", `/projects/${project.id}/agreement?iterations=-1`, researcher)).statusCode).toBe(400);
    expect((await api("GET", `/projects/${project.id}/agreement?from=yesterday`, researcher)).statusCode).toBe(400);
    expect((await api("GET", `/projects/${project.id}/agreement?formVersion=99`, researcher)).statusCode).toBe(404);
    expect((await api("GET", `/projects/00000000-0000-4000-8000-000000000000/agreement`, researcher)).statusCode).toBe(404);
    const future = await report(`?iterations=0&from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`);
    expect(future.counts.annotations).toBe(0);
    expect(future.questions[0].human).toMatchObject({ alpha: null, reason: "NO_PAIRABLE_VALUES", units: 0 });
  });
});
