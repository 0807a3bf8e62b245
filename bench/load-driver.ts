import { Readable } from "node:stream";
// @ts-expect-error autocannon ships no types
import autocannon from "autocannon";
import pg from "pg";
import { createPrisma } from "../apps/api/src/lib/prisma.ts";
import { createApiToken } from "../apps/api/src/services/auth/api-tokens.ts";
import { importItems } from "../apps/api/src/services/items/import-items.ts";
import { createProject } from "../apps/api/src/services/projects/create-project.ts";

/**
 * The labeling load driver shared by `bench/load.bench.ts` and `tests/load-short.test.ts`: a project
 * seeded through the normal import path, N labelers looping `GET tasks/next` → `POST annotations`
 * over keep-alive connections (autocannon, one labeler per connection), and the database checks
 * that prove nothing was assigned twice or lost.
 */

export type TLoadProject = { projectId: string; overlap: number; items: number; tokens: string[] };

/** One project (default ranking form), `items` items with 4 responses each, `labelers` QUALIFIED labelers with API tokens. */
export async function seedLoadProject(
  databaseUrl: string,
  opts: { items: number; labelers: number; overlap: number },
): Promise<TLoadProject> {
  const prisma = createPrisma(databaseUrl, 4);
  try {
    const owner = await prisma.user.create({ data: { email: "load-owner@rankwise.dev", name: "load owner", role: "RESEARCHER" } });
    const project = await createProject(prisma, owner.id, { name: "load", overlap: opts.overlap, leaseSeconds: 600 });
    const lines = Array.from({ length: opts.items }, (_, i) =>
      JSON.stringify({
        external_id: `load-${i}`,
        prompt: `Prompt ${i}: explain something in a few sentences.`,
        responses: Array.from({ length: 4 }, (_, r) => ({
          id: `r${r + 1}`,
          model: `m${r}`,
          content: `Response ${r} to prompt ${i}. `.repeat(6),
        })),
      }),
    );
    const imported = await importItems(prisma, project.id, Readable.from([Buffer.from(`${lines.join("\n")}\n`)]), { skipInvalid: false });
    if (imported.created !== opts.items) throw new Error(`imported ${imported.created} of ${opts.items} items`);
    await prisma.user.createMany({
      data: Array.from({ length: opts.labelers }, (_, i) => ({
        email: `labeler-${i}@load.rankwise.dev`,
        name: `labeler ${i}`,
        role: "LABELER" as const,
      })),
    });
    const labelers = await prisma.user.findMany({ where: { role: "LABELER" }, orderBy: { email: "asc" }, select: { id: true } });
    await prisma.projectMember.createMany({
      data: labelers.map((l) => ({ projectId: project.id, userId: l.id, status: "QUALIFIED" as const })),
    });
    const tokens: string[] = [];
    for (const l of labelers) tokens.push((await createApiToken(prisma, l.id, "load")).token);
    return { projectId: project.id, overlap: opts.overlap, items: opts.items, tokens };
  } finally {
    await prisma.$disconnect();
  }
}

type TEndpoint = { latencies: number[]; byStatus: Map<number, number> };
export type TDriverResult = {
  seconds: number;
  connections: number;
  next: TEndpoint;
  submit: TEndpoint;
  /** Distinct assignments handed out by tasks/next during the measured window. */
  leases: number;
  /** tasks/next answered 204 (nothing left for that labeler). */
  emptyQueue: number;
  /** Assignment ids whose submit the client saw acknowledged with 2xx (measured window and drain). */
  acked: Set<string>;
  /** Submits sent whose response never arrived (should be empty: the driver drains before stopping). */
  inFlightAtStop: Set<string>;
  socketErrors: number;
  timeouts: number;
};

const newEndpoint = (): TEndpoint => ({ latencies: [], byStatus: new Map() });

/**
 * Runs `connections` labelers for `seconds`: each connection is one labeler (its own bearer token)
 * that leases its next task and submits a valid ranking of the responses it was shown. After the
 * measured window no new submit is sent; the run ends once every submit in flight has its answer,
 * so the client's count of acknowledged submits is exact.
 */
export async function driveLabelers(opts: {
  url: string;
  projectId: string;
  tokens: string[];
  connections: number;
  seconds: number;
}): Promise<TDriverResult> {
  if (opts.tokens.length < opts.connections) throw new Error(`need ${opts.connections} labeler tokens, have ${opts.tokens.length}`);
  const next = newEndpoint();
  const submit = newEndpoint();
  const acked = new Set<string>();
  const inFlight = new Set<string>();
  const leased = new Set<string>();
  let emptyQueue = 0;
  let stopping = false;
  let measuring = true;
  // Set by onResponse and read by the client's "response" event, which autocannon emits right after it, synchronously.
  let last: TEndpoint | null = null;
  let tokenIndex = 0;

  const nextPath = `/api/v1/projects/${opts.projectId}/tasks/next`;
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    // The driver stops the run itself once submits have drained; this is only a backstop.
    duration: opts.seconds + 60,
    timeout: 30,
    requests: [
      {
        method: "GET",
        path: nextPath,
        // While draining, connections idle on a path the router answers 404 at once, instead of leasing more work.
        setupRequest: (req: Record<string, unknown>) => (stopping ? { ...req, path: "/load-drain" } : req),
        onResponse: (status: number, body: string, ctx: Record<string, unknown>) => {
          last = stopping ? null : next;
          if (stopping) return; // a health check, or a lease that will not be answered
          if (status === 200) {
            const task = JSON.parse(body) as { assignmentId: string; item: { responses: { id: string }[] } };
            ctx.assignmentId = task.assignmentId;
            ctx.ranking = task.item.responses.map((r) => [r.id]);
            if (measuring) leased.add(task.assignmentId);
          } else if (status === 204) emptyQueue++;
        },
      },
      {
        method: "POST",
        setupRequest: (req: Record<string, unknown>, ctx: Record<string, unknown>) => {
          const id = ctx.assignmentId as string | undefined;
          if (!id || stopping) return null; // back to tasks/next
          inFlight.add(id);
          return {
            ...req,
            path: `/api/v1/assignments/${id}/annotations`,
            headers: { ...(req.headers as object), "content-type": "application/json", "idempotency-key": `load-${id}` },
            body: JSON.stringify({ ranking: ctx.ranking, durationMs: 1500 }),
          };
        },
        onResponse: (status: number, body: string, ctx: Record<string, unknown>) => {
          last = measuring ? submit : null;
          const id = ctx.assignmentId as string;
          inFlight.delete(id);
          if (status >= 200 && status < 300) {
            const annotation = JSON.parse(body) as { assignmentId: string };
            if (annotation.assignmentId !== id) throw new Error(`submit for ${id} answered for ${annotation.assignmentId}`);
            acked.add(id);
          }
        },
      },
    ],
    setupClient: (client: {
      setHeaders: (h: Record<string, string>) => void;
      on: (event: string, fn: (status: number, bytes: number, ms: number) => void) => void;
    }) => {
      client.setHeaders({ authorization: `Bearer ${opts.tokens[tokenIndex++ % opts.tokens.length]}` });
      client.on("response", (status, _bytes, ms) => {
        const ep = last;
        last = null;
        if (!ep) return;
        ep.latencies.push(ms);
        ep.byStatus.set(status, (ep.byStatus.get(status) ?? 0) + 1);
      });
    },
  });
  const done = new Promise<{ errors: number; timeouts: number }>((resolve, reject) =>
    instance.once("done", (r: { errors: number; timeouts: number }) => resolve(r)).once("error", reject),
  );
  const started = performance.now();
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  measuring = false;
  stopping = true;
  const seconds = (performance.now() - started) / 1000;
  for (let waited = 0; inFlight.size > 0 && waited < 30_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  const inFlightAtStop = new Set(inFlight);
  instance.stop();
  const totals = await done;
  return {
    seconds,
    connections: opts.connections,
    next,
    submit,
    leases: leased.size,
    emptyQueue,
    acked,
    inFlightAtStop,
    socketErrors: totals.errors - totals.timeouts,
    timeouts: totals.timeouts,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function summarize(ep: TEndpoint) {
  const sorted = Float64Array.from(ep.latencies).sort();
  const arr = Array.from(sorted);
  const errors = [...ep.byStatus].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
  return { count: arr.length, p50: percentile(arr, 50), p90: percentile(arr, 90), p99: percentile(arr, 99), errors };
}

export const statusLine = (ep: TEndpoint) =>
  [...ep.byStatus]
    .sort(([a], [b]) => a - b)
    .map(([s, c]) => `${s}×${c}`)
    .join(" ");

export type TCorrectness = {
  annotationRows: number;
  acked: number;
  /** Acknowledged submits without a row. */
  lost: number;
  /** Rows the client never saw acknowledged. */
  unacknowledgedRows: number;
  overfilledItems: number;
  activeCountAboveOverlap: number;
  doubleAnswers: number;
  activeCountMismatches: number;
  doneCountMismatches: number;
  labelersWithTwoLeases: number;
  ok: boolean;
};

/** Proves from the database that the run assigned nothing twice and lost no acknowledged answer. */
export async function checkCorrectness(databaseUrl: string, project: TLoadProject, acked: Set<string>): Promise<TCorrectness> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const count = async (sql: string, params: unknown[] = [project.projectId]) => Number((await client.query(sql, params)).rows[0].n);
  try {
    const rows = (await client.query("SELECT assignment_id FROM annotations WHERE project_id = $1", [project.projectId])).rows as {
      assignment_id: string;
    }[];
    const stored = new Set(rows.map((r) => r.assignment_id));
    const result = {
      annotationRows: rows.length,
      acked: acked.size,
      lost: [...acked].filter((id) => !stored.has(id)).length,
      unacknowledgedRows: [...stored].filter((id) => !acked.has(id)).length,
      overfilledItems: await count(
        `SELECT count(*) AS n FROM (SELECT a.item_id FROM annotations a JOIN items i ON i.id = a.item_id
         WHERE a.project_id = $1 AND i.role = 'LIVE' GROUP BY a.item_id HAVING count(*) > $2) x`,
        [project.projectId, project.overlap],
      ),
      activeCountAboveOverlap: await count(
        "SELECT count(*) AS n FROM items WHERE project_id = $1 AND role = 'LIVE' AND active_count > $2",
        [project.projectId, project.overlap],
      ),
      doubleAnswers: await count(
        "SELECT count(*) AS n FROM (SELECT 1 FROM annotations WHERE project_id = $1 GROUP BY item_id, labeler_id HAVING count(*) > 1) x",
      ),
      // active_count counts live leases plus submitted answers (no lease expires during a run).
      activeCountMismatches: await count(
        `SELECT count(*) AS n FROM items i WHERE i.project_id = $1 AND i.active_count <>
           (SELECT count(*) FROM assignments a WHERE a.item_id = i.id AND a.status IN ('LEASED', 'SUBMITTED'))`,
      ),
      doneCountMismatches: await count(
        "SELECT count(*) AS n FROM items i WHERE i.project_id = $1 AND i.done_count <> (SELECT count(*) FROM annotations a WHERE a.item_id = i.id)",
      ),
      labelersWithTwoLeases: await count(
        "SELECT count(*) AS n FROM (SELECT 1 FROM assignments WHERE project_id = $1 AND status = 'LEASED' GROUP BY labeler_id HAVING count(*) > 1) x",
      ),
    };
    const ok =
      result.lost === 0 &&
      result.unacknowledgedRows === 0 &&
      result.overfilledItems === 0 &&
      result.activeCountAboveOverlap === 0 &&
      result.doubleAnswers === 0 &&
      result.activeCountMismatches === 0 &&
      result.doneCountMismatches === 0 &&
      result.labelersWithTwoLeases === 0;
    return { ...result, ok };
  } finally {
    await client.end();
  }
}
