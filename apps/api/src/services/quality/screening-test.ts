import type { TScreeningConfig, TScreeningTest } from "@rankwise/shared";
import { ZScreeningConfig } from "@rankwise/shared";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import { recordAudit } from "../audit/record-audit.ts";

const DEFAULTS: TScreeningConfig = ZScreeningConfig.parse({});

/** The project's screening test with its item counts; a project without one reads as the defaults, disabled. */
export async function getScreeningTest(db: TDb, projectId: string): Promise<TScreeningTest> {
  const [row, counts] = await Promise.all([
    db.screeningTest.findUnique({ where: { projectId } }),
    db.$queryRaw<{ items: number; with_gold: number }[]>`
      SELECT count(*)::int AS items, count(g.item_id)::int AS with_gold
      FROM items i LEFT JOIN gold_answers g ON g.item_id = i.id
      WHERE i.project_id = ${projectId}::uuid AND i.role = 'SCREENING'`,
  ]);
  const config: TScreeningConfig = row
    ? {
        passThreshold: row.passThreshold,
        maxAttempts: row.maxAttempts,
        timeLimitSeconds: row.timeLimitSeconds,
        showFeedback: row.showFeedback,
        enabled: row.enabled,
      }
    : { ...DEFAULTS, enabled: false };
  return {
    ...config,
    configured: row !== null,
    items: counts[0]?.items ?? 0,
    itemsWithGold: counts[0]?.with_gold ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/**
 * Creates or replaces the screening test settings. Enabling it affects labelers added from now on
 * (they start INVITED); members already qualified keep their status.
 */
export async function saveScreeningTest(
  prisma: TPrisma,
  projectId: string,
  config: TScreeningConfig,
  actorId: string,
): Promise<TScreeningTest> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.screeningTest.findUnique({ where: { projectId } });
    await tx.screeningTest.upsert({ where: { projectId }, create: { projectId, ...config }, update: config });
    await recordAudit(tx, {
      actorId,
      projectId,
      action: "screening.save",
      entity: "screening_test",
      entityId: projectId,
      data: { before: before ? { ...before, updatedAt: before.updatedAt.toISOString() } : null, after: config },
    });
  });
  return getScreeningTest(prisma, projectId);
}
