import { createHash } from "node:crypto";
import type { TAgreementQuery, TAgreementReport } from "@rankwise/shared";
import type { Redis } from "ioredis";
import type { TPrisma } from "../../lib/prisma.ts";
import { buildAgreementReport } from "./build-agreement-report.ts";

const TTL_SECONDS = 24 * 3600;

/**
 * A cheap summary of everything the report depends on: annotations are append-only (never updated),
 * so their count changes with every new answer; item roles, memberships (tiers, gold agreement) and
 * form definitions change the report too. About 0.1 s on a million answers (an index-only count).
 */
export async function agreementFingerprint(prisma: TPrisma, projectId: string): Promise<string> {
  const [row] = await prisma.$queryRaw<{ fingerprint: string }[]>`
    SELECT concat_ws('|',
      (SELECT count(*) FROM annotations WHERE project_id = ${projectId}::uuid),
      (SELECT max(updated_at) FROM items WHERE project_id = ${projectId}::uuid),
      (SELECT concat(count(*), ':', max(updated_at)) FROM project_members WHERE project_id = ${projectId}::uuid),
      (SELECT md5(string_agg(definition::text, '' ORDER BY version)) FROM form_versions WHERE project_id = ${projectId}::uuid)
    ) AS fingerprint`;
  return row?.fingerprint ?? "";
}

/**
 * The report, from the per-project Redis cache while nothing it depends on has changed, computed
 * (and cached) otherwise. A Redis outage only costs the cache, never the report.
 */
export async function getAgreementReport(
  deps: { prisma: TPrisma; databaseUrl: string; redis: Redis; keyPrefix: string },
  projectId: string,
  query: TAgreementQuery,
): Promise<TAgreementReport> {
  const params = { formVersion: query.formVersion, from: query.from, to: query.to, iterations: query.iterations, seed: query.seed };
  const key = `${deps.keyPrefix}:agreement:${projectId}:${createHash("sha1").update(JSON.stringify(params)).digest("hex")}`;
  const fingerprint = await agreementFingerprint(deps.prisma, projectId);
  if (!query.refresh) {
    const hit = await deps.redis.get(key).catch(() => null);
    if (hit) {
      const cached = JSON.parse(hit) as { fingerprint: string; report: TAgreementReport };
      if (cached.fingerprint === fingerprint) return { ...cached.report, cached: true };
    }
  }
  const report = await buildAgreementReport(deps, projectId, params);
  await deps.redis.set(key, JSON.stringify({ fingerprint, report }), "EX", TTL_SECONDS).catch(() => undefined);
  return report;
}
