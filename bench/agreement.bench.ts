import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { DEFAULT_FORM, ZFormDefinition } from "@rankwise/shared";
import pg from "pg";
import { agreementFingerprint, getAgreementReport } from "../apps/api/src/services/agreement/agreement-cache.ts";
import { buildAgreementReport } from "../apps/api/src/services/agreement/build-agreement-report.ts";
import { streamAgreementItems } from "../apps/api/src/services/agreement/load-agreement-rows.ts";
import { createRedis } from "../apps/api/src/lib/connections.ts";
import { createPrisma } from "../apps/api/src/lib/prisma.ts";
import { createProject } from "../apps/api/src/services/projects/create-project.ts";
import { createBenchDatabase, type TBenchDb } from "./bench-db.ts";

const LABELERS = 200;
const AI_LABELERS = 20;
const OVERLAP = 4;
const RESPONSES = ["r1", "r2", "r3", "r4"];

/** All 24 orders of r1..r4, as rankings without and with a tie for first. */
function permutations(): { tiers: string[][]; tied: string[][]; order: string[] }[] {
  const out: string[][] = [];
  const walk = (prefix: string[], rest: string[]) => {
    if (rest.length === 0) out.push(prefix);
    for (let i = 0; i < rest.length; i++) walk([...prefix, rest[i] as string], [...rest.slice(0, i), ...rest.slice(i + 1)]);
  };
  walk([], RESPONSES);
  return out.map((order) => ({ order, tiers: order.map((r) => [r]), tied: [[order[0], order[1]], [order[2]], [order[3]]] as string[][] }));
}

/**
 * Seeds `annotations` answers (ranking of 4 responses + a 1–7 rating of each, `OVERLAP` labelers per
 * item, 10% of labelers AI) with generate_series, then times the agreement report: cold, and from the
 * cache. The answers agree more than chance (a per-item "true" order most labelers follow).
 */
export async function runAgreementBench(annotations = 1_000_000, iterations = 1000) {
  const db: TBenchDb = await createBenchDatabase();
  const prisma = createPrisma(db.url, 10);
  const redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  const client = new pg.Client({ connectionString: db.url });
  const results: { name: string; value: number; unit: string }[] = [];
  try {
    await client.connect();
    const user = await prisma.user.create({ data: { email: "bench-researcher@rankwise.dev", name: "bench", role: "RESEARCHER" } });
    const project = await createProject(prisma, user.id, { name: "agreement bench", overlap: OVERLAP });
    const form = ZFormDefinition.parse({
      questions: [
        { ...DEFAULT_FORM.questions[0], criterion: "helpful" },
        { id: "quality", type: "rating", title: "Rate each response", criterion: "honest", min: 1, max: 7 },
      ],
    });
    await prisma.formVersion.updateMany({ where: { projectId: project.id }, data: { definition: form } });
    const formVersion = await prisma.formVersion.findFirstOrThrow({ where: { projectId: project.id } });
    const items = Math.ceil(annotations / OVERLAP);
    const perms = permutations();

    const t0 = performance.now();
    await client.query("SET session_replication_role = replica"); // skip FK triggers while seeding
    await client.query(
      `INSERT INTO users (id, email, name, role, kind)
       SELECT gen_random_uuid(), 'bench-' || lpad(g::text, 4, '0') || '@rankwise.dev', 'labeler ' || g, 'LABELER',
              (CASE WHEN g < $1 THEN 'AI' ELSE 'HUMAN' END)::"UserKind"
       FROM generate_series(0, $2 - 1) g`,
      [AI_LABELERS, LABELERS],
    );
    await client.query(
      `INSERT INTO project_members (project_id, user_id, status, updated_at)
       SELECT $1, id, 'QUALIFIED', now() FROM users WHERE role = 'LABELER'`,
      [project.id],
    );
    const responses = JSON.stringify(RESPONSES.map((id, i) => ({ id, model: `m${i}`, content: `Response ${id}` })));
    await client.query(
      `INSERT INTO items (id, project_id, external_id, prompt, responses, updated_at, active_count, done_count)
       SELECT gen_random_uuid(), $1, 'b-' || g, '[{"role":"user","content":"Explain something."}]', $2, now(), $3, $3
       FROM generate_series(1, $4) g`,
      [project.id, responses, OVERLAP, items],
    );
    await client.query("CREATE TEMP TABLE perms (idx int, tiers jsonb, tied jsonb, ord jsonb)");
    await client.query(
      `INSERT INTO perms SELECT (x->>'idx')::int, x->'tiers', x->'tied', x->'order' FROM jsonb_array_elements($1::jsonb) x`,
      [JSON.stringify(perms.map((p, idx) => ({ idx, ...p })))],
    );
    await client.query(
      `CREATE TEMP TABLE bl AS SELECT id, (row_number() OVER (ORDER BY email) - 1)::int AS idx, kind FROM users WHERE role = 'LABELER'`,
    );
    await client.query(
      `CREATE TEMP TABLE bi AS SELECT id, seq, (row_number() OVER (ORDER BY seq))::int AS k FROM items WHERE project_id = $1`,
      [project.id],
    );
    await client.query(
      `INSERT INTO assignments (id, project_id, item_id, labeler_id, status, shuffle_seed, leased_at, lease_expires_at, submitted_at, form_version_id)
       SELECT gen_random_uuid(), $1, bi.id, bl.id, 'SUBMITTED', (bi.k * 31 + j) % 2147483647, now(), now(), now(), $2
       FROM bi CROSS JOIN generate_series(0, $3 - 1) j JOIN bl ON bl.idx = (bi.k * 7 + j * 13) % $4`,
      [project.id, formVersion.id, OVERLAP, LABELERS],
    );
    // Each answer follows the item's "true" order with probability 0.65 (0.8 for AI), else a random one;
    // ratings are the item's base rating per response ± 1.
    await client.query(
      `INSERT INTO annotations (id, assignment_id, project_id, item_id, labeler_id, form_version_id, answer, duration_ms, display_order, created_at)
       SELECT gen_random_uuid(), a.id, a.project_id, a.item_id, a.labeler_id, a.form_version_id,
              jsonb_build_object(
                'ranking', CASE WHEN x.tie THEN p.tied ELSE p.tiers END,
                'quality', jsonb_build_object(
                  'r1', least(7, greatest(1, 1 + (bi.k % 7) + x.n1)),
                  'r2', least(7, greatest(1, 1 + ((bi.k + 2) % 7) + x.n2)),
                  'r3', least(7, greatest(1, 1 + ((bi.k + 4) % 7) + x.n3)),
                  'r4', least(7, greatest(1, 1 + ((bi.k + 6) % 7) + x.n4)))),
              (4000 + random() * 90000)::int, d.ord,
              now() - make_interval(secs => (random() * 56 * 86400)::int)
       FROM assignments a
       JOIN bi ON bi.id = a.item_id
       JOIN bl ON bl.id = a.labeler_id
       CROSS JOIN LATERAL (
         SELECT CASE WHEN random() < (CASE WHEN bl.kind = 'AI' THEN 0.8 ELSE 0.65 END) THEN bi.k % 24 ELSE floor(random() * 24)::int END AS perm,
                random() < 0.1 AS tie,
                floor(random() * 4)::int AS shown,
                (CASE WHEN random() < 0.5 THEN 0 ELSE floor(random() * 3)::int - 1 END) AS n1,
                (CASE WHEN random() < 0.5 THEN 0 ELSE floor(random() * 3)::int - 1 END) AS n2,
                (CASE WHEN random() < 0.5 THEN 0 ELSE floor(random() * 3)::int - 1 END) AS n3,
                (CASE WHEN random() < 0.5 THEN 0 ELSE floor(random() * 3)::int - 1 END) AS n4,
                a.id AS dep
       ) x
       JOIN perms p ON p.idx = x.perm
       JOIN perms d ON d.idx = (x.shown * 6 + bi.k) % 24
       WHERE a.project_id = $1`,
      [project.id],
    );
    await client.query("SET session_replication_role = origin");
    await client.query("ANALYZE");
    const seedMs = performance.now() - t0;
    const { rows } = await client.query("SELECT count(*)::int AS n FROM annotations");
    const seeded = rows[0].n as number;
    results.push({ name: `seed ${seeded} annotations (generate_series)`, value: seedMs / 1000, unit: "s" });

    const t1 = performance.now();
    const report = await buildAgreementReport({ prisma, databaseUrl: db.url }, project.id, { iterations, seed: 1 });
    results.push({ name: `agreement report, uncached (${iterations} bootstrap resamples)`, value: performance.now() - t1, unit: "ms" });
    const t1b = performance.now();
    await buildAgreementReport({ prisma, databaseUrl: db.url }, project.id, { iterations, seed: 1 });
    results.push({ name: "  again (database pages cached)", value: performance.now() - t1b, unit: "ms" });
    // The floor: streaming and parsing the same answers with no statistics at all.
    const t1c = performance.now();
    let streamed = 0;
    await streamAgreementItems(
      db.url,
      { projectId: project.id, textQuestionIds: [], withDisplayOrder: false, from: null, to: null },
      (rows) => {
        streamed += rows.length;
      },
    );
    results.push({ name: `  floor: read + JSON.parse of ${streamed} answers only`, value: performance.now() - t1c, unit: "ms" });

    const t2 = performance.now();
    await agreementFingerprint(prisma, project.id);
    results.push({ name: "cache fingerprint query", value: performance.now() - t2, unit: "ms" });

    await redis.connect();
    const keyPrefix = `rw-bench-${randomBytes(4).toString("hex")}`;
    const query = { iterations, seed: 1, refresh: false };
    await getAgreementReport({ prisma, databaseUrl: db.url, redis, keyPrefix }, project.id, query);
    const t3 = performance.now();
    const hit = await getAgreementReport({ prisma, databaseUrl: db.url, redis, keyPrefix }, project.id, query);
    results.push({ name: "agreement report, cached (Redis hit)", value: performance.now() - t3, unit: "ms" });
    if (!hit.cached) throw new Error("expected a cache hit");
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length) await redis.del(...keys);

    const ranking = report.questions.find((q) => q.questionId === "ranking");
    results.push({ name: "ranking α humans (sanity)", value: ranking?.human.alpha ?? Number.NaN, unit: "" });
    results.push({ name: "ranking α AI (sanity)", value: ranking?.ai.alpha ?? Number.NaN, unit: "" });
    return results;
  } finally {
    await client.end().catch(() => undefined);
    redis.disconnect();
    await prisma.$disconnect();
    await db.drop();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const n = Number(process.argv[2] ?? 1_000_000);
  for (const r of await runAgreementBench(n))
    console.log(`${r.name.padEnd(55)} ${r.value.toFixed(r.unit === "" ? 3 : 1).padStart(10)} ${r.unit}`);
}
