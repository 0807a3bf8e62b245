import {
  decideTierChange,
  peerAgreementByRater,
  readQualitySettings,
  scoreAnswers,
  type TAnswers,
  type TFormDefinition,
  type TPeerItem,
  type TResponse,
  type TTierChange,
} from "@rankwise/shared";
import { pgPoolOf, type TDb, type TPrisma } from "../../lib/prisma.ts";
import { parseForm } from "../forms/form-versions.ts";
import { changeMemberStatus, lastTierChange, lockMember, toTierChange } from "./member-status.ts";

/** Peer agreement looks at the member's most recent live items only, to stay cheap on every scored submit. */
const PEER_ITEMS = 200;

/** Every form version of a project, parsed once, by id; `latest` for answers without a version. */
export async function loadForms(db: TDb, projectId: string): Promise<{ byId: Map<string, TFormDefinition>; latest: TFormDefinition }> {
  const rows = await db.formVersion.findMany({ where: { projectId }, orderBy: { version: "desc" } });
  const byId = new Map(rows.map((r) => [r.id, parseForm(r)]));
  const first = rows[0];
  if (!first) throw new Error(`project ${projectId} has no form`);
  return { byId, latest: byId.get(first.id) as TFormDefinition };
}

type TGoldRow = { answer: TAnswers; created_at: Date; form_version_id: string | null; responses: TResponse[]; gold: TAnswers };

/** The member's honeypot answers scored against the current gold, newest first (at most `limit`), and counts. */
export async function loadGoldScores(db: TDb, projectId: string, userId: string, opts: { limit: number; since: Date | null }) {
  const forms = await loadForms(db, projectId);
  const [rows, counts] = await Promise.all([
    db.$queryRaw<TGoldRow[]>`
      SELECT a.answer, a.created_at, a.form_version_id, i.responses, g.answers AS gold
      FROM annotations a
      JOIN items i ON i.id = a.item_id
      JOIN gold_answers g ON g.item_id = a.item_id
      WHERE a.project_id = ${projectId}::uuid AND a.labeler_id = ${userId}::uuid AND i.role = 'HONEYPOT'
      ORDER BY a.created_at DESC
      LIMIT ${opts.limit}`,
    db.$queryRaw<{ total: number; since: number }[]>`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE a.created_at > coalesce(${opts.since}::timestamptz, '-infinity'))::int AS since
      FROM annotations a
      JOIN items i ON i.id = a.item_id
      JOIN gold_answers g ON g.item_id = a.item_id
      WHERE a.project_id = ${projectId}::uuid AND a.labeler_id = ${userId}::uuid AND i.role = 'HONEYPOT'`,
  ]);
  const scored = rows.flatMap((r) => {
    const form = (r.form_version_id && forms.byId.get(r.form_version_id)) || forms.latest;
    const { score } = scoreAnswers(form, r.answer, r.gold, { responses: r.responses });
    return score === null ? [] : [{ score, at: r.created_at }];
  });
  return { scored, total: counts[0]?.total ?? 0, since: counts[0]?.since ?? 0 };
}

type TPeerRow = { item_id: string; labeler_id: string; answer: TAnswers; form_version_id: string | null; responses: TResponse[] };

/** The member against the consensus of other labelers of the same kind (human or AI) on their recent shared items. */
export async function computePeerAgreement(db: TDb, projectId: string, userId: string): Promise<{ score: number; items: number } | null> {
  const forms = await loadForms(db, projectId);
  const rows = await db.$queryRaw<TPeerRow[]>`
    WITH mine AS (
      SELECT a.item_id FROM annotations a JOIN items i ON i.id = a.item_id
      WHERE a.project_id = ${projectId}::uuid AND a.labeler_id = ${userId}::uuid AND i.role = 'LIVE'
      ORDER BY a.created_at DESC
      LIMIT ${PEER_ITEMS}
    )
    SELECT a.item_id, a.labeler_id, a.answer, a.form_version_id, i.responses
    FROM annotations a
    JOIN mine m ON m.item_id = a.item_id
    JOIN items i ON i.id = a.item_id
    JOIN users u ON u.id = a.labeler_id
    WHERE u.kind = (SELECT kind FROM users WHERE id = ${userId}::uuid)`;
  const items = new Map<string, TPeerItem & { answers: TPeerItem["answers"][number][] }>();
  for (const r of rows) {
    const item = items.get(r.item_id) ?? { ctx: { responses: r.responses }, answers: [] };
    const form = (r.form_version_id && forms.byId.get(r.form_version_id)) || forms.latest;
    item.answers.push({ rater: r.labeler_id, form, answers: r.answer });
    items.set(r.item_id, item);
  }
  return peerAgreementByRater(items.values()).get(userId) ?? null;
}

export type TMemberEvaluation = {
  userId: string;
  goldAgreement: number | null;
  goldCount: number;
  peerAgreement: number | null;
  change: TTierChange | null;
};

/**
 * Refreshes a member's gold and peer agreement and applies the project's tier rules. Run after each
 * scored (honeypot) submit and by the recompute endpoint; it recomputes from the stored answers, so
 * running it twice or late is harmless.
 */
export async function evaluateMember(prisma: TPrisma, projectId: string, userId: string): Promise<TMemberEvaluation | null> {
  const project = await prisma.project.findUnique({ where: { id: projectId }, select: { settings: true } });
  if (!project) return null;
  const settings = readQualitySettings(project.settings);
  const before = await lastTierChange(prisma, projectId, userId);
  const limit = Math.max(settings.goldWindow, settings.suspension.window);
  const [gold, peer] = await Promise.all([
    loadGoldScores(prisma, projectId, userId, { limit, since: before?.createdAt ?? null }),
    computePeerAgreement(prisma, projectId, userId),
  ]);
  const window = gold.scored.slice(0, settings.goldWindow).map((s) => s.score);
  const goldAgreement = window.length ? window.reduce((a, b) => a + b, 0) / window.length : null;
  const recentGold = gold.scored.filter((s) => !before || s.at > before.createdAt).map((s) => s.score);

  return prisma.$transaction(async (tx) => {
    const member = await lockMember(tx, projectId, userId);
    if (!member) return null;
    await tx.projectMember.update({
      where: { projectId_userId: { projectId, userId } },
      data: { goldAgreement, goldCount: gold.total, peerAgreement: peer?.score ?? null },
    });
    // A tier change (e.g. by hand) since we read the scores: its window starts now, decide next time.
    const current = await lastTierChange(tx, projectId, userId);
    let change: TTierChange | null = null;
    if (current?.id === before?.id) {
      const decision = decideTierChange(member.status, { recentGold, goldItems: gold.since, peerAgreement: peer?.score ?? null }, settings);
      if (decision) {
        change = toTierChange(
          await changeMemberStatus(tx, { projectId, userId, from: member.status, to: decision.to, reason: decision.reason, actorId: null }),
        );
      }
    }
    return { userId, goldAgreement, goldCount: gold.total, peerAgreement: peer?.score ?? null, change };
  });
}

/** After a submit: a honeypot answer with gold re-scores its labeler and may change their tier. */
export async function recordSubmittedAnswer(
  prisma: TPrisma,
  input: { itemId: string; labelerId: string },
): Promise<TMemberEvaluation | null> {
  // Runs after every submit: one prepared statement through the pg pool when there is one.
  const pool = pgPoolOf(prisma);
  const item = pool
    ? (
        await pool.query<{ projectId: string; role: string; gold: boolean }>({
          name: "submitted-item-role",
          text: `SELECT i.project_id AS "projectId", i.role, EXISTS (SELECT 1 FROM gold_answers g WHERE g.item_id = i.id) AS gold
                 FROM items i WHERE i.id = $1::uuid`,
          values: [input.itemId],
        })
      ).rows[0]
    : await prisma.item.findUnique({
        where: { id: input.itemId },
        select: { projectId: true, role: true, gold: { select: { itemId: true } } },
      });
  if (item?.role !== "HONEYPOT" || !item.gold) return null;
  return evaluateMember(prisma, item.projectId, input.labelerId);
}

/** Re-evaluates every member of a project (the explicit recompute endpoint). */
export async function recomputeProjectQuality(prisma: TPrisma, projectId: string): Promise<{ members: number; changes: TTierChange[] }> {
  const members = await prisma.projectMember.findMany({ where: { projectId }, select: { userId: true }, orderBy: { createdAt: "asc" } });
  const changes: TTierChange[] = [];
  for (const m of members) {
    const result = await evaluateMember(prisma, projectId, m.userId);
    if (result?.change) changes.push(result.change);
  }
  return { members: members.length, changes };
}
