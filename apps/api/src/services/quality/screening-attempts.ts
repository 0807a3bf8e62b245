import { createHash } from "node:crypto";
import {
  buildAnswerSchema,
  isAnswered,
  scoreAnswers,
  type TAnswers,
  type TErrorIssue,
  type TFormDefinition,
  type TResponse,
  type TScreeningAttempt,
  type TScreeningMe,
  type TScreeningResult,
  type TSubmitScreeningRequest,
} from "@rankwise/shared";
import type { ProjectMember, ScreeningAttempt, ScreeningTest } from "../../generated/prisma/client.ts";
import { AppError, forbidden, notFound } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import { getCurrentForm, parseForm } from "../forms/form-versions.ts";
import { choosePairs } from "../tasks/sample-pairs.ts";
import { renderTaskItem } from "../tasks/render-item.ts";
import { changeMemberStatus, lockMember } from "./member-status.ts";

/** Network slack on the time limit: a submit this late after the deadline is still accepted. */
const GRACE_MS = 10_000;
const CORRECT = 1 - 1e-9;
const CANDIDATE_STATUSES = new Set(["INVITED", "SCREENING"]);

/** What an attempt is about, fixed when it starts (kept in `feedback` until it is scored). */
type TPlan = { itemIds: string[]; formVersionId: string };
type TScored = TPlan & { score: number; items: Record<string, { score: number | null; perQuestion: Record<string, number | null> }> };

function planOf(attempt: ScreeningAttempt): TPlan {
  const plan = attempt.feedback as Partial<TPlan>;
  if (!Array.isArray(plan.itemIds) || typeof plan.formVersionId !== "string")
    throw new AppError("CONFLICT", "This attempt cannot be resumed; start a new one");
  return { itemIds: plan.itemIds, formVersionId: plan.formVersionId };
}

/** Per attempt and item: the display order and pair seed, reproducible without storing it. */
function seedFor(attemptId: string, itemId: string): number {
  return createHash("sha256").update(`${attemptId}:${itemId}`).digest().readUInt32BE(0) >>> 1 || 1;
}

/** The order this attempt shows its items in (and lists feedback in): random per attempt, stable across resumes. */
function orderItems(attemptId: string, itemIds: readonly string[]): string[] {
  return itemIds
    .map((id) => ({ id, seed: seedFor(attemptId, id) }))
    .sort((a, b) => a.seed - b.seed || a.id.localeCompare(b.id))
    .map((x) => x.id);
}

function deadline(test: ScreeningTest | null, attempt: ScreeningAttempt): Date | null {
  return test?.timeLimitSeconds ? new Date(attempt.startedAt.getTime() + test.timeLimitSeconds * 1000) : null;
}

const isOverdue = (test: ScreeningTest | null, attempt: ScreeningAttempt, now = Date.now()) => {
  const end = deadline(test, attempt);
  return end !== null && now > end.getTime() + GRACE_MS;
};

type TState = {
  test: ScreeningTest | null;
  member: ProjectMember;
  attempts: ScreeningAttempt[];
  counted: ScreeningAttempt[];
  next: number;
};

/**
 * The member's screening state, with overdue attempts expired and, when no attempt is left, the
 * member FAILED. Attempts count from the last time a researcher set the member back to INVITED,
 * which is how a researcher grants a fresh set. Call inside a transaction holding the member's lock.
 */
async function settle(tx: TDb, projectId: string, member: ProjectMember): Promise<TState> {
  const userId = member.userId;
  const [test, reset, attempts] = await Promise.all([
    tx.screeningTest.findUnique({ where: { projectId } }),
    tx.tierChange.findFirst({ where: { projectId, userId, to: "INVITED" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    tx.screeningAttempt.findMany({ where: { projectId, userId }, orderBy: { attempt: "desc" } }),
  ]);
  for (const a of attempts) {
    if (a.status === "IN_PROGRESS" && isOverdue(test, a)) {
      await tx.screeningAttempt.update({ where: { id: a.id }, data: { status: "EXPIRED" } });
      a.status = "EXPIRED";
    }
  }
  const counted = attempts.filter((a) => !reset || a.startedAt > reset.createdAt);
  const open = counted.some((a) => a.status === "IN_PROGRESS");
  const passed = counted.some((a) => a.status === "PASSED");
  if (test && CANDIDATE_STATUSES.has(member.status) && !open && !passed && counted.length >= test.maxAttempts) {
    const last = counted[0];
    const reason = `no screening attempts left (${counted.length} of ${test.maxAttempts} used; last ${last?.status.toLowerCase() ?? "none"})`;
    await changeMemberStatus(tx, { projectId, userId, from: member.status, to: "FAILED", reason, actorId: null });
    member = { ...member, status: "FAILED" };
  }
  return { test, member, attempts, counted, next: (attempts[0]?.attempt ?? 0) + 1 };
}

async function withMember<T>(
  prisma: TPrisma,
  projectId: string,
  userId: string,
  fn: (tx: TDb, member: ProjectMember) => Promise<T>,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    const member = await lockMember(tx, projectId, userId);
    // A labeler outside the project must not learn that it exists.
    if (!member) throw notFound("Project");
    return fn(tx, member);
  });
}

function toMe(projectId: string, state: TState): TScreeningMe {
  const { test, counted, member } = state;
  const maxAttempts = test?.maxAttempts ?? 0;
  const open = counted.find((a) => a.status === "IN_PROGRESS");
  const last = counted.find((a) => a.status !== "IN_PROGRESS");
  return {
    projectId,
    enabled: test?.enabled ?? false,
    status: member.status,
    attemptsUsed: counted.length,
    attemptsLeft: Math.max(0, maxAttempts - counted.length),
    maxAttempts,
    passThreshold: test?.passThreshold ?? 0,
    timeLimitSeconds: test?.timeLimitSeconds ?? null,
    lastScore: last?.score ?? null,
    lastAttemptStatus: last?.status ?? null,
    inProgress: open
      ? { attemptId: open.id, startedAt: open.startedAt.toISOString(), expiresAt: deadline(test, open)?.toISOString() ?? null }
      : null,
  };
}

export async function getMyScreening(prisma: TPrisma, projectId: string, userId: string): Promise<TScreeningMe> {
  return withMember(prisma, projectId, userId, async (tx, member) => toMe(projectId, await settle(tx, projectId, member)));
}

/** Screening items that can be scored: gold that answers at least one non-text question of the form. */
async function scorableScreeningItems(db: TDb, projectId: string, form: TFormDefinition): Promise<string[]> {
  const rows = await db.item.findMany({
    where: { projectId, role: "SCREENING", gold: { isNot: null } },
    select: { id: true, gold: { select: { answers: true } } },
  });
  const scored = form.questions.filter((q) => q.type !== "text").map((q) => q.id);
  return rows
    .filter((r) => {
      const gold = (r.gold?.answers ?? {}) as TAnswers;
      return scored.some((id) => Object.hasOwn(gold, id) && isAnswered(gold[id]));
    })
    .map((r) => r.id)
    .sort();
}

/** The test as the labeler sees it: items in this attempt's order, each like a task's, with the form. */
async function renderAttempt(db: TDb, attempt: ScreeningAttempt, test: ScreeningTest): Promise<TScreeningAttempt> {
  const plan = planOf(attempt);
  const [formRow, items] = await Promise.all([
    db.formVersion.findUniqueOrThrow({ where: { id: plan.formVersionId } }),
    db.item.findMany({
      where: { id: { in: plan.itemIds } },
      select: { id: true, prompt: true, responses: true, gold: { select: { answers: true } } },
    }),
  ]);
  const form = parseForm(formRow);
  const byId = new Map(items.map((item) => [item.id, item]));
  const ordered = orderItems(attempt.id, plan.itemIds).flatMap((id) => {
    const item = byId.get(id);
    return item ? [{ item, seed: seedFor(attempt.id, id) }] : [];
  });
  return {
    attemptId: attempt.id,
    projectId: attempt.projectId,
    attempt: attempt.attempt,
    startedAt: attempt.startedAt.toISOString(),
    expiresAt: deadline(test, attempt)?.toISOString() ?? null,
    form: { version: formRow.version, definition: form },
    tasks: ordered.map(({ item, seed }) => renderTaskItem(item, form, seed)),
  };
}

/**
 * Starts (or resumes) the labeler's screening attempt. INVITED becomes SCREENING. A labeler who
 * already qualified gets 409, one who failed or is suspended 403.
 */
export async function startScreeningAttempt(prisma: TPrisma, projectId: string, userId: string): Promise<TScreeningAttempt> {
  const outcome = await withMember(prisma, projectId, userId, async (tx, locked) => {
    const { test, member, counted, next } = await settle(tx, projectId, locked);
    if (!test?.enabled) throw new AppError("CONFLICT", "This project has no screening test");
    if (member.status === "QUALIFIED" || member.status === "SUPER_RATER")
      throw new AppError("CONFLICT", "You already qualified for this project");
    if (member.status === "SUSPENDED") throw forbidden("You are suspended from this project");
    // Committed before we refuse: settle() may just have recorded the FAILED status.
    if (member.status === "FAILED") return { failed: true as const };
    const open = counted.find((a) => a.status === "IN_PROGRESS");
    if (open) return { attempt: open, test };
    const formRow = await getCurrentForm(tx, projectId);
    const itemIds = await scorableScreeningItems(tx, projectId, parseForm(formRow));
    if (itemIds.length === 0) throw new AppError("CONFLICT", "The screening test has no items with gold answers yet");
    const plan: TPlan = { itemIds, formVersionId: formRow.id };
    const attempt = await tx.screeningAttempt.create({ data: { projectId, userId, attempt: next, feedback: plan } });
    if (member.status === "INVITED") {
      await changeMemberStatus(tx, {
        projectId,
        userId,
        from: "INVITED",
        to: "SCREENING",
        reason: `started screening attempt ${next}`,
        actorId: null,
      });
    }
    return { attempt, test };
  });
  if ("failed" in outcome) throw forbidden("You have no screening attempts left for this project");
  return renderAttempt(prisma, outcome.attempt, outcome.test);
}

type TGoldItem = { id: string; responses: TResponse[]; gold: TAnswers };

function checkAnswers(
  form: TFormDefinition,
  attemptId: string,
  items: Map<string, TGoldItem>,
  answers: TSubmitScreeningRequest["answers"],
) {
  const issues: TErrorIssue[] = [];
  for (const [itemId, value] of Object.entries(answers)) {
    const item = items.get(itemId);
    if (!item) {
      issues.push({ path: ["body", "answers", itemId], message: "not an item of this attempt" });
      continue;
    }
    const ids = item.responses.map((r) => r.id);
    const pairs = choosePairs(form, ids, seedFor(attemptId, itemId), item.gold);
    const checked = buildAnswerSchema(form, { responses: item.responses, pairs }).safeParse(value);
    if (checked.success) continue;
    for (const i of checked.error.issues)
      issues.push({ path: ["body", "answers", itemId, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))], message: i.message });
  }
  if (issues.length) {
    throw new AppError(
      "VALIDATION_FAILED",
      `Invalid answers: ${issues.map((i) => `${i.path.slice(2).join(".")}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
}

function toResult(
  attempt: ScreeningAttempt,
  test: ScreeningTest,
  state: { memberStatus: ProjectMember["status"]; used: number },
  scored: TScored | null,
): TScreeningResult {
  const feedback =
    test.showFeedback && scored
      ? orderItems(attempt.id, scored.itemIds).map((itemId) => ({
          itemId,
          questions: Object.entries(scored.items[itemId]?.perQuestion ?? {}).flatMap(([questionId, s]) =>
            s === null ? [] : [{ questionId, correct: s >= CORRECT }],
          ),
        }))
      : null;
  return {
    attemptId: attempt.id,
    status: attempt.status,
    score: scored?.score ?? null,
    passThreshold: test.passThreshold,
    passed: attempt.status === "PASSED",
    memberStatus: state.memberStatus,
    attemptsUsed: state.used,
    attemptsLeft: Math.max(0, test.maxAttempts - state.used),
    feedback,
  };
}

/**
 * Scores a screening attempt on the server against the gold answers. Passing qualifies the labeler;
 * failing with no attempt left sets FAILED, otherwise they may try again. A submit after the time
 * limit expires the attempt unscored. The result never contains gold answers: at most right or
 * wrong per question, and only when the test shows feedback.
 */
export async function submitScreeningAttempt(
  prisma: TPrisma,
  attemptId: string,
  userId: string,
  body: TSubmitScreeningRequest,
): Promise<TScreeningResult> {
  const attempt = await prisma.screeningAttempt.findUnique({ where: { id: attemptId } });
  if (!attempt || attempt.userId !== userId) throw notFound("Screening attempt");
  if (attempt.status === "EXPIRED") throw new AppError("CONFLICT", "This attempt expired; start a new one if you have attempts left");
  if (attempt.status !== "IN_PROGRESS") throw new AppError("ALREADY_SUBMITTED", "This attempt was already submitted");
  const test = await prisma.screeningTest.findUnique({ where: { projectId: attempt.projectId } });
  if (!test) throw new AppError("CONFLICT", "This project has no screening test");
  const { projectId } = attempt;

  if (isOverdue(test, attempt)) {
    return withMember(prisma, projectId, userId, async (tx, member) => {
      await tx.screeningAttempt.updateMany({ where: { id: attemptId, status: "IN_PROGRESS" }, data: { status: "EXPIRED" } });
      const state = await settle(tx, projectId, member);
      const expired = state.attempts.find((a) => a.id === attemptId) ?? { ...attempt, status: "EXPIRED" as const };
      return toResult(expired, test, { memberStatus: state.member.status, used: state.counted.length }, null);
    });
  }

  const plan = planOf(attempt);
  const [formRow, rows] = await Promise.all([
    prisma.formVersion.findUniqueOrThrow({ where: { id: plan.formVersionId } }),
    prisma.item.findMany({
      where: { id: { in: plan.itemIds } },
      select: { id: true, responses: true, gold: { select: { answers: true } } },
    }),
  ]);
  const form = parseForm(formRow);
  const items = new Map(
    rows.map((r) => [r.id, { id: r.id, responses: r.responses as TResponse[], gold: (r.gold?.answers ?? {}) as TAnswers }]),
  );
  checkAnswers(form, attemptId, items, body.answers);

  const scoredItems: TScored["items"] = {};
  const itemScores: number[] = [];
  for (const itemId of plan.itemIds) {
    const item = items.get(itemId);
    if (!item) continue;
    const given = Object.hasOwn(body.answers, itemId) ? (body.answers[itemId] as TAnswers) : {};
    const result = scoreAnswers(form, given, item.gold, { responses: item.responses });
    scoredItems[itemId] = result;
    if (result.score !== null) itemScores.push(result.score);
  }
  const score = itemScores.length ? itemScores.reduce((a, b) => a + b, 0) / itemScores.length : 0;
  const passed = score >= test.passThreshold;
  const scored: TScored = { ...plan, score, items: scoredItems };

  return withMember(prisma, projectId, userId, async (tx, member) => {
    const status = passed ? "PASSED" : "FAILED";
    const flipped = await tx.screeningAttempt.updateMany({
      where: { id: attemptId, status: "IN_PROGRESS" },
      data: { status, score, answers: body.answers as object, feedback: scored as object, submittedAt: new Date() },
    });
    if (flipped.count === 0) throw new AppError("ALREADY_SUBMITTED", "This attempt was already submitted");
    const done = { ...attempt, status, score } as ScreeningAttempt;
    if (passed && CANDIDATE_STATUSES.has(member.status)) {
      const reason = `passed screening attempt ${attempt.attempt} with score ${score.toFixed(3)} ≥ ${test.passThreshold}`;
      await changeMemberStatus(tx, { projectId, userId, from: member.status, to: "QUALIFIED", reason, actorId: null });
      const state = await settle(tx, projectId, { ...member, status: "QUALIFIED" });
      return toResult(done, test, { memberStatus: "QUALIFIED", used: state.counted.length }, scored);
    }
    // Failing the last attempt makes settle() record FAILED; otherwise the labeler may retry.
    const state = await settle(tx, projectId, member);
    return toResult(done, test, { memberStatus: state.member.status, used: state.counted.length }, scored);
  });
}
