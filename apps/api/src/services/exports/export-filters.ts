import type { TExportSpec } from "@rankwise/shared";
import { Prisma } from "../../generated/prisma/client.ts";

/** The tiers at or above each minimum (project_members.status). */
const TIERS_AT_LEAST: Record<NonNullable<TExportSpec["minTier"]>, string[]> = {
  QUALIFIED: ["QUALIFIED", "SUPER_RATER"],
  SUPER_RATER: ["SUPER_RATER"],
};

/**
 * The WHERE clause selecting the annotations an export reads, over
 * `annotations a JOIN items i JOIN users u LEFT JOIN project_members pm LEFT JOIN form_versions fv`.
 * Screening items are never exported; honeypots only when asked for.
 */
export function annotationFilter(projectId: string, spec: TExportSpec): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`a.project_id = ${projectId}::uuid`];
  where.push(spec.excludeHoneypots ? Prisma.sql`i.role = 'LIVE'` : Prisma.sql`i.role IN ('LIVE', 'HONEYPOT')`);
  if (spec.labelerKind !== "ALL") where.push(Prisma.sql`u.kind::text = ${spec.labelerKind}`);
  if (spec.minTier) where.push(Prisma.sql`pm.status::text = ANY(${TIERS_AT_LEAST[spec.minTier]}::text[])`);
  if (spec.minGoldAgreement !== undefined) where.push(Prisma.sql`pm.gold_agreement >= ${spec.minGoldAgreement}`);
  if (spec.formVersions?.length) where.push(Prisma.sql`fv.version = ANY(${spec.formVersions}::int[])`);
  if (spec.from) where.push(Prisma.sql`a.created_at >= ${spec.from}::timestamptz`);
  if (spec.to) where.push(Prisma.sql`a.created_at <= ${spec.to}::timestamptz`);
  return Prisma.join(where, " AND ");
}

export const ANNOTATION_JOINS = Prisma.sql`
  annotations a
  JOIN items i ON i.id = a.item_id
  JOIN users u ON u.id = a.labeler_id
  LEFT JOIN project_members pm ON pm.project_id = a.project_id AND pm.user_id = a.labeler_id
  LEFT JOIN form_versions fv ON fv.id = a.form_version_id`;
