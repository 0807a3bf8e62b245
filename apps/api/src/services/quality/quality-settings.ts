import { readQualitySettings, type TQualitySettings } from "@rankwise/shared";
import type { TPrisma } from "../../lib/prisma.ts";
import { recordAudit } from "../audit/record-audit.ts";

/**
 * Replaces `settings.quality` of a project. Other keys of `settings` are left alone: the update is a
 * single jsonb_set, so a concurrent change to another key is not lost.
 */
export async function saveQualitySettings(
  prisma: TPrisma,
  projectId: string,
  settings: TQualitySettings,
  actorId: string,
): Promise<TQualitySettings> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
    await tx.$executeRaw`
      UPDATE projects SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{quality}', ${JSON.stringify(settings)}::jsonb), updated_at = now()
      WHERE id = ${projectId}::uuid`;
    await recordAudit(tx, {
      actorId,
      projectId,
      action: "quality.settings.save",
      entity: "project",
      entityId: projectId,
      data: { before: readQualitySettings(before.settings), after: settings },
    });
    return settings;
  });
}
