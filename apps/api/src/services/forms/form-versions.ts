import { type TFormDefinition, type TFormVersion, ZFormDefinition } from "@rankwise/shared";
import type { FormVersion } from "../../generated/prisma/client.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";

/**
 * Stored versions were validated when saved; a later, stricter schema must not make them
 * unreadable, so a version that no longer parses is used as stored.
 */
export function parseForm(row: Pick<FormVersion, "definition">): TFormDefinition {
  const parsed = ZFormDefinition.safeParse(row.definition);
  return parsed.success ? parsed.data : (row.definition as TFormDefinition);
}

export async function getCurrentForm(db: TDb, projectId: string): Promise<FormVersion> {
  return db.formVersion.findFirstOrThrow({ where: { projectId }, orderBy: { version: "desc" } });
}

export async function listFormVersions(db: TDb, projectId: string): Promise<TFormVersion[]> {
  const rows = await db.formVersion.findMany({
    where: { projectId },
    orderBy: { version: "desc" },
    include: { _count: { select: { annotations: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    definition: parseForm(r),
    createdAt: r.createdAt.toISOString(),
    annotations: r._count.annotations,
  }));
}

/**
 * Saves a new form definition. While nobody has answered or been shown the current version it is
 * edited in place; once it has answers or live leases, a new version is created so that every
 * stored answer stays valid against the version it was given for.
 */
export async function saveForm(prisma: TPrisma, projectId: string, userId: string, definition: TFormDefinition) {
  return prisma.$transaction(async (tx) => {
    // Serialise concurrent edits of one project's form.
    await tx.$executeRaw`SELECT 1 FROM projects WHERE id = ${projectId}::uuid FOR UPDATE`;
    const current = await getCurrentForm(tx, projectId);
    if (JSON.stringify(parseForm(current)) === JSON.stringify(definition)) return current;
    const used =
      (await tx.annotation.count({ where: { formVersionId: current.id } })) +
      (await tx.assignment.count({ where: { formVersionId: current.id } }));
    if (used === 0) return tx.formVersion.update({ where: { id: current.id }, data: { definition, createdById: userId } });
    return tx.formVersion.create({ data: { projectId, version: current.version + 1, definition, createdById: userId } });
  });
}
