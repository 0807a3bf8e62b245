import type { TFormDefinitionInput, TImportLine } from "@rankwise/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let researcher: TTestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  researcher = await createUser(ctx.app, "RESEARCHER");
});
afterAll(() => ctx.close());

type TTaskResponse = { id: string; content: string; steps?: string[] };
type TTaskBody = {
  assignmentId: string;
  item: { id: string; responses: TTaskResponse[] };
  form: { version: number; definition: { questions: { id: string }[] } };
  pairs: Record<string, [string, string]>;
};
type TAnswers = Record<string, unknown>;
type TPath = (string | number)[];

const api = (method: "GET" | "PUT" | "POST", url: string, user: TTestUser, payload?: unknown) =>
  ctx.app.inject({ method, url: `/api/v1${url}`, headers: user.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const putForm = (projectId: string, definition: unknown, user = researcher) =>
  api("PUT", `/projects/${projectId}/form`, user, { definition });
const next = (projectId: string, user: TTestUser) => api("GET", `/projects/${projectId}/tasks/next`, user);
const submit = (assignmentId: string, user: TTestUser, answers: TAnswers, durationMs = 4321) =>
  api("POST", `/assignments/${assignmentId}/annotations`, user, { answers, durationMs });
const skip = (assignmentId: string, user: TTestUser, body: unknown) => api("POST", `/assignments/${assignmentId}/skip`, user, body);

async function takeTask(projectId: string, user: TTestUser): Promise<TTaskBody> {
  const res = await next(projectId, user);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** One question of each type, plus a conditional one. */
const FULL_FORM = {
  questions: [
    { id: "overall", type: "ranking", title: "Rank the responses" },
    { id: "versus", type: "pairwise", title: "Which of the two is better?", allowTie: false },
    { id: "helpful", type: "rating", title: "How helpful is each response?", criterion: "helpful", min: 1, max: 5 },
    {
      id: "topic",
      type: "choice",
      title: "Topic",
      options: [
        { value: "math", label: "Math" },
        { value: "code", label: "Code" },
      ],
    },
    {
      id: "issues",
      type: "choice",
      title: "Problems",
      multiple: true,
      required: false,
      options: [
        { value: "verbose", label: "Too long" },
        { value: "unsafe", label: "Unsafe" },
      ],
    },
    { id: "issue_detail", type: "text", title: "What is unsafe?", condition: { questionId: "issues", equals: "unsafe" } },
    { id: "why", type: "text", title: "Why?", minLength: 10, maxLength: 200 },
    {
      id: "policy",
      type: "rules",
      title: "Check the rules",
      criterion: "harmless",
      rules: [
        { id: "no_pii", text: "Contains no personal data" },
        { id: "shows_work", text: "Shows its work" },
      ],
    },
    { id: "reasoning", type: "steps", title: "Label each reasoning step" },
  ],
} satisfies TFormDefinitionInput;

const EXPLICIT_STEPS = ["Divide 12 by 4 to get 3.", "Add 1 to get 4."];

/** Four responses: r2 was imported with explicit steps; r1 and r3 are split into lines. */
function mathItems(count: number): TImportLine[] {
  return Array.from({ length: count }, (_, i) => ({
    external_id: `math-${i + 1}`,
    prompt: `What is 12 / 4 + ${i + 1}?`,
    metadata: { gold: "r1", source: "secret-gold-source" },
    responses: [
      { id: "r1", model: "model-alpha", content: "12 / 4 = 3.\n3 + 1 = 4.\nThe answer is 4." },
      { id: "r2", model: "model-beta", content: "Divide first, then add one: the answer is 4.", steps: EXPLICIT_STEPS },
      { id: "r3", model: "model-gamma", content: "12 / 4 = 2\n\n   \n2 + 1 = 3" },
      { id: "r4", model: "model-delta", content: "It is 4." },
    ],
  }));
}

async function setup(opts: { items: number; overlap?: number; labelers: number; form?: unknown }) {
  const project = await createTestProject(ctx.app, researcher, { overlap: opts.overlap ?? 1 });
  if (opts.form) expect((await putForm(project.id, opts.form)).statusCode).toBe(200);
  const imported = await importItems(ctx.app, project.id, researcher, mathItems(opts.items));
  expect(imported.json()).toMatchObject({ created: opts.items, skipped: 0 });
  const labelers = await Promise.all(Array.from({ length: opts.labelers }, () => createUser(ctx.app, "LABELER")));
  for (const l of labelers) await addLabeler(ctx.app, project.id, l);
  return { project, labelers };
}

/** A valid answer to FULL_FORM for the task as shown. */
function fullAnswers(task: TTaskBody): TAnswers {
  const ids = task.item.responses.map((r) => r.id);
  return {
    overall: [[ids[0]], [ids[1], ids[2]], [ids[3]]],
    versus: { pair: task.pairs.versus, value: -2 },
    helpful: Object.fromEntries(ids.map((id, i) => [id, i + 1])),
    topic: "math",
    issues: ["verbose"],
    why: "The first response shows every step.",
    policy: Object.fromEntries(
      ids.map((id) => [id, { no_pii: { verdict: "yes" }, shows_work: { verdict: "no", evidence: { start: 0, end: 4 } } }]),
    ),
    reasoning: Object.fromEntries(task.item.responses.map((r) => [r.id, (r.steps ?? []).map(() => 1)])),
  };
}

function expectValidationIssue(res: { statusCode: number; json: () => unknown; body: string }, path: TPath, message: RegExp = /.+/) {
  expect(res.statusCode, res.body).toBe(400);
  const { error } = res.json() as { error: { code: string; issues?: { path: TPath; message: string }[] } };
  expect(error.code).toBe("VALIDATION_FAILED");
  const match = error.issues?.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
  expect(match, `${JSON.stringify(path)} in ${res.body}`).toBeDefined();
  expect(match?.message).toMatch(message);
}

describe("a form with every question type", () => {
  it("serves the task with the form, a sampled pair and steps, and without gold or other labelers' data", async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 2, labelers: 2, form: FULL_FORM });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const current = await api("GET", `/projects/${project.id}/form`, researcher);
    expect(current.json()).toMatchObject({ version: 1, annotations: 0 });

    const task = await takeTask(project.id, a);
    expect(task.form).toEqual({ version: 1, definition: current.json().definition });
    expect(task.form.definition.questions.map((q) => q.id)).toEqual(FULL_FORM.questions.map((q) => q.id));
    expect(Object.keys(task.pairs)).toEqual(["versus"]);
    const [x, y] = task.pairs.versus ?? [];
    expect(x).not.toBe(y);
    expect(["r1", "r2", "r3", "r4"]).toEqual(expect.arrayContaining([x, y]));
    const byId = new Map(task.item.responses.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(["r1", "r2", "r3", "r4"]);
    for (const r of task.item.responses) expect(Object.keys(r).sort()).toEqual(["content", "id", "steps"]);
    expect(byId.get("r1")?.steps).toEqual(["12 / 4 = 3.", "3 + 1 = 4.", "The answer is 4."]);
    expect(byId.get("r3")?.steps).toEqual(["12 / 4 = 2", "2 + 1 = 3"]);
    expect(byId.get("r4")?.steps).toEqual(["It is 4."]);

    const answers = fullAnswers(task);
    expect((await submit(task.assignmentId, a, answers)).statusCode).toBe(201);
    const forB = await next(project.id, b);
    expect(forB.statusCode).toBe(200);
    for (const secret of ["gold", "secret-gold-source", "model-alpha", "metadata", answers.why as string, a.id, "skip", "annotation"]) {
      expect(forB.body).not.toContain(secret);
    }
    expect(Object.keys(forB.json().item).sort()).toEqual(["id", "prompt", "responses"]);
    // The pair is fixed per assignment: asking again returns the same lease and the same pair.
    expect((await next(project.id, b)).json()).toEqual(forB.json());
  });

  it("stores a valid answer to every type with form version, display order and duration", async () => {
    const { project, labelers } = await setup({ items: 1, labelers: 1, form: FULL_FORM });
    const [a] = labelers as [TTestUser];
    const task = await takeTask(project.id, a);
    const answers = fullAnswers(task);
    const res = await submit(task.assignmentId, a, answers, 98_765);
    expect(res.statusCode, res.body).toBe(201);
    const shownOrder = task.item.responses.map((r) => r.id);
    expect(res.json()).toMatchObject({
      assignmentId: task.assignmentId,
      itemId: task.item.id,
      answer: answers,
      formVersion: 1,
      displayOrder: shownOrder,
      durationMs: 98_765,
    });

    const row = await ctx.app.prisma.annotation.findUniqueOrThrow({ where: { id: res.json().id }, include: { formVersion: true } });
    expect(row.answer).toEqual(answers);
    expect(row.formVersion?.version).toBe(1);
    expect(row.formVersionId).toBe((await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: task.assignmentId } })).formVersionId);
    expect(row.displayOrder).toEqual(shownOrder);
    expect(row.durationMs).toBe(98_765);
    expect((await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: task.assignmentId } })).status).toBe("SUBMITTED");
  });

  it("answers the response's imported steps, not its lines", async () => {
    const { project, labelers } = await setup({ items: 1, labelers: 1, form: FULL_FORM });
    const [a] = labelers as [TTestUser];
    const task = await takeTask(project.id, a);
    expect(task.item.responses.find((r) => r.id === "r2")?.steps).toEqual(EXPLICIT_STEPS);
    const answers = fullAnswers(task);
    const oneLabelPerLine = { ...(answers.reasoning as object), r2: [1] };
    expectValidationIssue(
      await submit(task.assignmentId, a, { ...answers, reasoning: oneLabelPerLine }),
      ["body", "answers", "reasoning", "r2"],
      /expected 2 step labels/,
    );
    expect((await submit(task.assignmentId, a, answers)).statusCode).toBe(201);
  });

  it("rejects malformed answers with the path to the field and writes nothing", async () => {
    const { project, labelers } = await setup({ items: 1, labelers: 1, form: FULL_FORM });
    const [a] = labelers as [TTestUser];
    const task = await takeTask(project.id, a);
    const good = fullAnswers(task);
    const ids = task.item.responses.map((r) => r.id);
    const [first, second] = ids as [string, string];
    const pair = task.pairs.versus as [string, string];
    const policy = good.policy as Record<string, Record<string, unknown>>;
    const reasoning = good.reasoning as Record<string, number[]>;
    const { why: _, ...withoutWhy } = good;
    const cases: [string, TAnswers, TPath, RegExp][] = [
      ["unknown response", { ...good, overall: [[first], [second], ["r99"]] }, ["overall"], /unknown response ids: r99/],
      ["duplicate response", { ...good, overall: [[first, first], ids.slice(1)] }, ["overall"], /duplicate response ids/],
      ["malformed tier", { ...good, overall: [[first], [], ids.slice(1)] }, ["overall", 1], /.+/],
      ["reversed pair", { ...good, versus: { pair: [pair[1], pair[0]], value: 1 } }, ["versus", "pair"], /answer the pair you were shown/],
      ["strength beyond the scale", { ...good, versus: { pair, value: 4 } }, ["versus", "value"], /between -3 and 3/],
      ["tie not allowed", { ...good, versus: { pair, value: 0 } }, ["versus", "value"], /tie/],
      ["rating out of range", { ...good, helpful: { ...(good.helpful as object), [first]: 6 } }, ["helpful", first], /between 1 and 5/],
      ["rating missing a response", { ...good, helpful: { [first]: 3 } }, ["helpful"], /missing response ids/],
      ["list for single choice", { ...good, topic: ["math"] }, ["topic"], /single option/],
      ["unknown option", { ...good, issues: ["verbose", "boring"] }, ["issues", 1], /"boring" is not an option/],
      ["text too short", { ...good, why: "Good." }, ["why"], /at least 10/],
      ["text too long", { ...good, why: "x".repeat(201) }, ["why"], /at most 200/],
      ["required missing", withoutWhy, ["why"], /^required$/],
      [
        "unknown rule",
        { ...good, policy: { ...policy, [second]: { ...policy[second], bogus: { verdict: "yes" } } } },
        ["policy", second, "bogus"],
        /unknown rule/,
      ],
      [
        "missing verdict",
        { ...good, policy: { ...policy, [second]: { no_pii: { verdict: "yes" } } } },
        ["policy", second],
        /missing verdicts for rules: shows_work/,
      ],
      [
        "evidence outside the response",
        {
          ...good,
          policy: { ...policy, r4: { no_pii: { verdict: "yes" }, shows_work: { verdict: "no", evidence: { start: 2, end: 9 } } } },
        },
        ["policy", "r4", "shows_work", "evidence"],
        /outside the response \(8 characters\)/,
      ],
      ["wrong step count", { ...good, reasoning: { ...reasoning, r1: [1, 1] } }, ["reasoning", "r1"], /expected 3 step labels/],
      ["labels after the first -1", { ...good, reasoning: { ...reasoning, r1: [-1, 1, 1] } }, ["reasoning", "r1"], /stops at the first -1/],
      ["bad step label", { ...good, reasoning: { ...reasoning, r1: [1, 5, 1] } }, ["reasoning", "r1", 1], /.+/],
      ["hidden question answered", { ...good, issue_detail: "It is fine" }, ["issue_detail"], /hidden/],
      ["visible conditional question missing", { ...good, issues: ["unsafe"] }, ["issue_detail"], /^required$/],
      ["unknown question", { ...good, bogus: 1 }, ["bogus"], /unknown question/],
    ];
    for (const [name, answers, path, message] of cases) {
      const res = await submit(task.assignmentId, a, answers);
      expect(res.statusCode, name).toBe(400);
      expectValidationIssue(res, ["body", "answers", ...path], message);
    }
    // Shape errors in the body itself are caught before the form is consulted.
    expectValidationIssue(await api("POST", `/assignments/${task.assignmentId}/annotations`, a, { answers: "overall" }), [
      "body",
      "answers",
    ]);
    expectValidationIssue(await api("POST", `/assignments/${task.assignmentId}/annotations`, a, { answers: good, ranking: [["r1"]] }), [
      "body",
      "answers",
    ]);
    expectValidationIssue(await submit(task.assignmentId, a, good, -5), ["body", "durationMs"]);

    expect(await ctx.app.prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
    expect((await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: task.assignmentId } })).status).toBe("LEASED");
    expect((await ctx.app.prisma.item.findUniqueOrThrow({ where: { id: task.item.id } })).doneCount).toBe(0);
    // A valid answer is still accepted afterwards, and the visible conditional question with it.
    expect((await submit(task.assignmentId, a, { ...good, issues: ["unsafe"], issue_detail: "Leaks an address" })).statusCode).toBe(201);
  });
});

const RATE_FORM = (max: number, textId: string) => ({
  questions: [
    { id: "helpful", type: "rating", title: "How helpful?", criterion: "helpful", min: 1, max },
    { id: textId, type: "text", title: "Why?" },
  ],
});
const rateAnswers = (task: TTaskBody, score: number, textId: string): TAnswers => ({
  helpful: Object.fromEntries(task.item.responses.map((r) => [r.id, score])),
  [textId]: "Because.",
});

describe("form versions", () => {
  it("edits version 1 in place until it is used, then creates version 2 and keeps old answers on version 1", async () => {
    const { project, labelers } = await setup({ items: 3, overlap: 2, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const initial = (await api("GET", `/projects/${project.id}/form`, researcher)).json();
    expect(initial).toMatchObject({ version: 1, definition: { questions: [{ id: "ranking", type: "ranking" }] } });

    const edited = await putForm(project.id, RATE_FORM(5, "why"));
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      id: initial.id,
      version: 1,
      annotations: 0,
      definition: { questions: [{ id: "helpful", max: 5 }, { id: "why" }] },
    });
    const again = await putForm(project.id, RATE_FORM(4, "why"));
    expect(again.json()).toMatchObject({ id: initial.id, version: 1, definition: { questions: [{ max: 4 }, {}] } });
    expect((await putForm(project.id, RATE_FORM(5, "why"))).json()).toMatchObject({ id: initial.id, version: 1 });
    expect((await api("GET", `/projects/${project.id}/form/versions`, researcher)).json().versions).toHaveLength(1);

    // Both labelers are shown version 1; a answers it.
    const taskA = await takeTask(project.id, a);
    const taskB = await takeTask(project.id, b);
    expect([taskA.form.version, taskB.form.version]).toEqual([1, 1]);
    const answerA = await submit(taskA.assignmentId, a, rateAnswers(taskA, 5, "why"));
    expect(answerA.json()).toMatchObject({ formVersion: 1 });

    const v2 = await putForm(project.id, RATE_FORM(10, "reason"));
    expect(v2.json()).toMatchObject({ version: 2, annotations: 0, definition: { questions: [{ max: 10 }, { id: "reason" }] } });
    expect(v2.json().id).not.toBe(initial.id);
    const versions = (await api("GET", `/projects/${project.id}/form/versions`, researcher)).json().versions;
    expect(versions.map((v: { version: number; annotations: number }) => [v.version, v.annotations])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(versions[1].definition).toEqual(edited.json().definition);
    const stored = await ctx.app.prisma.annotation.findUniqueOrThrow({ where: { id: answerA.json().id } });
    expect(stored.formVersionId).toBe(initial.id);

    // b was leased under version 1, so b's answer is checked against version 1, not 2.
    expectValidationIssue(
      await submit(taskB.assignmentId, b, rateAnswers(taskB, 9, "reason")),
      ["body", "answers", "reason"],
      /unknown question/,
    );
    expectValidationIssue(
      await submit(taskB.assignmentId, b, rateAnswers(taskB, 9, "why")),
      ["body", "answers", "helpful", "r1"],
      /between 1 and 5/,
    );
    expect((await submit(taskB.assignmentId, b, rateAnswers(taskB, 4, "why"))).json()).toMatchObject({ formVersion: 1 });
    expect((await next(project.id, b)).json()).toMatchObject({ form: { version: 2 } });

    // A new task is on version 2 and is checked against it.
    const taskA2 = await takeTask(project.id, a);
    expect(taskA2.form).toEqual({ version: 2, definition: v2.json().definition });
    expectValidationIssue(
      await submit(taskA2.assignmentId, a, rateAnswers(taskA2, 4, "why")),
      ["body", "answers", "why"],
      /unknown question/,
    );
    const answerA2 = await submit(taskA2.assignmentId, a, rateAnswers(taskA2, 9, "reason"));
    expect(answerA2.json()).toMatchObject({ formVersion: 2 });
    const counts = (await api("GET", `/projects/${project.id}/form/versions`, researcher)).json().versions;
    expect(counts.map((v: { version: number; annotations: number }) => [v.version, v.annotations])).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect((await api("GET", `/projects/${project.id}/form`, researcher)).json()).toMatchObject({ version: 2, annotations: 1 });
  });

  it("a lease alone freezes the version a labeler was shown", async () => {
    const { project, labelers } = await setup({ items: 1, labelers: 1, form: RATE_FORM(5, "why") });
    const task = await takeTask(project.id, labelers[0] as TTestUser);
    expect(task.form.version).toBe(1);
    expect((await putForm(project.id, RATE_FORM(7, "why"))).json()).toMatchObject({ version: 2 });
    const v1 = await ctx.app.prisma.formVersion.findFirstOrThrow({ where: { projectId: project.id, version: 1 } });
    expect(v1.definition).toMatchObject({ questions: [{ max: 5 }, { id: "why" }] });
  });

  it("an edit racing a lease that is not yet committed waits for it and creates a new version", async () => {
    const { project, labelers } = await setup({ items: 1, labelers: 1, form: RATE_FORM(5, "why") });
    const [a] = labelers as [TTestUser];
    const [v1, item] = await Promise.all([
      ctx.app.prisma.formVersion.findFirstOrThrow({ where: { projectId: project.id } }),
      ctx.app.prisma.item.findFirstOrThrow({ where: { projectId: project.id } }),
    ]);
    let inserted!: () => void;
    let release!: () => void;
    const insertedP = new Promise<void>((r) => (inserted = r));
    const releaseP = new Promise<void>((r) => (release = r));
    const lease = ctx.app.prisma.$transaction(
      async (tx) => {
        await tx.assignment.create({
          data: {
            projectId: project.id,
            itemId: item.id,
            labelerId: a.id,
            formVersionId: v1.id,
            leaseExpiresAt: new Date(Date.now() + 60_000),
          },
        });
        inserted();
        await releaseP;
      },
      { timeout: 20_000 },
    );
    await insertedP;
    let settled = false;
    const edit = putForm(project.id, RATE_FORM(9, "why")).then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    release();
    await lease;
    expect((await edit).json()).toMatchObject({ version: 2 });
    expect((await ctx.app.prisma.formVersion.findUniqueOrThrow({ where: { id: v1.id } })).definition).toMatchObject({
      questions: [{ max: 5 }, {}],
    });
  });
});

describe("skips", () => {
  it("gives the item back to the pool for others, never to the skipper", async () => {
    const { project, labelers } = await setup({ items: 2, overlap: 1, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const task = await takeTask(project.id, a);
    const res = await skip(task.assignmentId, a, { reason: "cannot_judge", note: "  Needs a chemist  " });
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe("");
    const item = await ctx.app.prisma.item.findUniqueOrThrow({ where: { id: task.item.id } });
    expect([item.skipCount, item.activeCount, item.doneCount]).toEqual([1, 0, 0]);
    const assignment = await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: task.assignmentId } });
    expect([assignment.status, assignment.skipReason, assignment.skipNote]).toEqual(["SKIPPED", "cannot_judge", "Needs a chemist"]);

    const twice = await skip(task.assignmentId, a, { reason: "unclear" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("CONFLICT");
    expect((await ctx.app.prisma.item.findUniqueOrThrow({ where: { id: task.item.id } })).skipCount).toBe(1);

    const nextForA = await takeTask(project.id, a);
    expect(nextForA.item.id).not.toBe(task.item.id);
    const forB = await takeTask(project.id, b);
    expect(forB.item.id).toBe(task.item.id);
    expect(await ctx.app.prisma.assignment.count({ where: { itemId: task.item.id } })).toBe(2);

    // a answers the other item and has nothing left: the skipped one is never offered again.
    const done = await api("POST", `/assignments/${nextForA.assignmentId}/annotations`, a, { ranking: [["r1", "r2", "r3", "r4"]] });
    expect(done.statusCode).toBe(201);
    expect((await next(project.id, a)).statusCode).toBe(204);
    // Submitted or skipped tasks cannot be skipped.
    expect((await skip(nextForA.assignmentId, a, { reason: "other" })).statusCode).toBe(409);
  });

  it("rejects a bad reason and someone else's assignment and changes nothing", async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 1, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const task = await takeTask(project.id, a);
    expectValidationIssue(await skip(task.assignmentId, a, { reason: "bored" }), ["body", "reason"]);
    expectValidationIssue(await skip(task.assignmentId, a, {}), ["body", "reason"]);
    expectValidationIssue(await skip(task.assignmentId, a, { reason: "other", note: "x".repeat(1001) }), ["body", "note"]);
    expect((await skip(task.assignmentId, b, { reason: "unclear" })).statusCode).toBe(404);
    expect((await skip(task.assignmentId, researcher, { reason: "unclear" })).statusCode).toBe(403);
    const item = await ctx.app.prisma.item.findUniqueOrThrow({ where: { id: task.item.id } });
    expect([item.skipCount, item.activeCount]).toEqual([0, 1]);
    expect((await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: task.assignmentId } })).status).toBe("LEASED");
  });
});

describe("form access", () => {
  it("only researchers save the form; engineers read it; labelers do neither", async () => {
    const project = await createTestProject(ctx.app, researcher);
    await importItems(ctx.app, project.id, researcher, makeItems(1));
    const labeler = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.id, labeler);
    const engineer = await createUser(ctx.app, "ENGINEER");

    expect((await putForm(project.id, FULL_FORM, labeler)).statusCode).toBe(403);
    expect((await putForm(project.id, FULL_FORM, engineer)).statusCode).toBe(403);
    expect((await api("GET", `/projects/${project.id}/form`, labeler)).statusCode).toBe(403);
    expect((await api("GET", `/projects/${project.id}/form/versions`, labeler)).statusCode).toBe(403);
    const forEngineer = await api("GET", `/projects/${project.id}/form`, engineer);
    expect(forEngineer.statusCode).toBe(200);
    expect(forEngineer.json()).toMatchObject({ version: 1, definition: { questions: [{ id: "ranking" }] } });
    expect((await api("GET", `/projects/${project.id}/form/versions`, engineer)).json().versions).toHaveLength(1);
    expect((await api("GET", `/projects/00000000-0000-4000-8000-000000000000/form`, engineer)).statusCode).toBe(404);
    expect((await putForm(project.id, FULL_FORM)).json()).toMatchObject({ version: 1 });
  });

  it("rejects an invalid form with the path to the problem", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const text = (id: string, extra: object = {}) => ({ id, type: "text", title: id, ...extra });
    expectValidationIssue(
      await putForm(project.id, { questions: [text("a"), text("a")] }),
      ["body", "definition", "questions", 1, "id"],
      /duplicate question id/,
    );
    expectValidationIssue(
      await putForm(project.id, { questions: [text("a", { condition: { questionId: "b", equals: "x" } }), text("b")] }),
      ["body", "definition", "questions", 0, "condition", "questionId"],
      /earlier question/,
    );
    expectValidationIssue(await putForm(project.id, { questions: [{ id: "r", type: "rating", title: "Rate", min: 3, max: 3 }] }), [
      "body",
      "definition",
      "questions",
      0,
      "max",
    ]);
    expectValidationIssue(await putForm(project.id, { questions: [] }), ["body", "definition", "questions"]);
    expect((await api("GET", `/projects/${project.id}/form`, researcher)).json()).toMatchObject({
      version: 1,
      definition: { questions: [{ id: "ranking" }] },
    });
  });
});
