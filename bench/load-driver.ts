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
 * seeded through the normal import path, N labelers looping over keep-alive connections (the app's
 * `POST annotations?next=1`, or `GET tasks/next` → `POST annotations`) (autocannon, one labeler per connection), and the database checks
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

/**
 * - `app`: the web app's flow, one request per item: `GET tasks/next` once, then
 *   `POST …/annotations?next=1`, whose response carries the next task, again and again.
 * - `two-request`: `GET tasks/next` → `POST …/annotations` for every item.
 */
export type TLoadMode = "app" | "two-request";

export type TDriverResult = {
  mode: TLoadMode;
  seconds: number;
  connections: number;
  next: TEndpoint;
  submit: TEndpoint;
  /** Distinct assignments handed out (by tasks/next or a submit's `next`) during the measured window. */
  leases: number;
  /** tasks/next answered 204, or a submit's `next` was null (nothing left for that labeler). */
  emptyQueue: number;
  /** Assignment ids whose submit the client saw acknowledged with 2xx (measured window and drain). */
  acked: Set<string>;
  /** Submits sent whose response never arrived (should be empty: the driver drains before stopping). */
  inFlightAtStop: Set<string>;
  socketErrors: number;
  timeouts: number;
};

const newEndpoint = (): TEndpoint => ({ latencies: [], byStatus: new Map() });

type TTaskBody = { assignmentId: string; item: { responses: { id: string }[] } };

/**
 * Runs `connections` labelers for `seconds`: each connection is one labeler (its own bearer token)
 * that leases a task and submits a valid ranking of the responses it was shown, in the given mode
 * (default `app`). After the measured window no new submit is sent; the run ends once every submit
 * in flight has its answer, so the client's count of acknowledged submits is exact.
 */
export async function driveLabelers(opts: {
  url: string;
  projectId: string;
  tokens: string[];
  connections: number;
  seconds: number;
  mode?: TLoadMode;
}): Promise<TDriverResult> {
  if (opts.tokens.length < opts.connections) throw new Error(`need ${opts.connections} labeler tokens, have ${opts.tokens.length}`);
  const mode = opts.mode ?? "app";
  const next = newEndpoint();
  const submit = newEndpoint();
  const acked = new Set<string>();
  const inFlight = new Set<string>();
  const leased = new Set<string>();
  let emptyQueue = 0;
  let stopping = false;
  let measuring = true;
  let tokenIndex = 0;

  const nextPath = `/api/v1/projects/${opts.projectId}/tasks/next`;
  const submitQuery = mode === "app" ? "?next=1" : "";
  /** What one labeler holds: its lease and the ranking it will send, and which request is in flight. */
  type TLabeler = {
    token: string;
    task: { id: string; ranking: string[][] } | null;
    sent: "next" | "submit" | "drain";
    record: TEndpoint | null;
  };
  const take = (labeler: TLabeler, task: TTaskBody | null | undefined) => {
    labeler.task = task ? { id: task.assignmentId, ranking: task.item.responses.map((r) => [r.id]) } : null;
    if (!task) emptyQueue++;
    else if (measuring) leased.add(task.assignmentId);
  };

  // Each client gets its own request object (autocannon shares the configured ones between clients):
  // one request whose setup picks what the labeler does next, so its state never depends on autocannon's
  // per-loop context.
  const requestFor = (labeler: TLabeler) => ({
    method: "GET",
    path: nextPath,
    setupRequest: (req: Record<string, unknown>) => {
      const auth = { authorization: `Bearer ${labeler.token}` };
      // While draining, connections idle on a path the router answers 404 at once, instead of leasing more work.
      if (stopping) {
        labeler.sent = "drain";
        return { ...req, method: "GET", path: "/load-drain", headers: auth, body: undefined };
      }
      const task = labeler.task;
      if (!task) {
        labeler.sent = "next";
        return { ...req, method: "GET", path: nextPath, headers: auth, body: undefined };
      }
      labeler.sent = "submit";
      inFlight.add(task.id);
      return {
        ...req,
        method: "POST",
        path: `/api/v1/assignments/${task.id}/annotations${submitQuery}`,
        headers: { ...auth, "content-type": "application/json", "idempotency-key": `load-${task.id}` },
        body: JSON.stringify({ ranking: task.ranking, durationMs: 1500 }),
      };
    },
    onResponse: (status: number, body: string) => {
      labeler.record = null;
      if (labeler.sent === "drain") return;
      if (labeler.sent === "next") {
        labeler.record = measuring ? next : null;
        if (stopping) return; // a lease that will not be answered
        if (status === 200) take(labeler, JSON.parse(body) as TTaskBody);
        else if (status === 204) take(labeler, null);
        return;
      }
      labeler.record = measuring ? submit : null;
      const id = labeler.task?.id as string;
      inFlight.delete(id);
      labeler.task = null;
      if (status >= 200 && status < 300) {
        const result = JSON.parse(body) as { assignmentId: string; next?: TTaskBody | null };
        if (result.assignmentId !== id) throw new Error(`submit for ${id} answered for ${result.assignmentId}`);
        acked.add(id);
        if (mode === "app") {
          if (result.next === undefined) throw new Error(`submit?next=1 for ${id} answered without next`);
          if (!stopping) take(labeler, result.next);
        }
      }
    },
  });

  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    // The driver stops the run itself once submits have drained; this is only a backstop.
    duration: opts.seconds + 60,
    timeout: 30,
    requests: [{ method: "GET", path: nextPath }],
    setupClient: (client: {
      setRequests: (r: unknown[]) => void;
      on: (event: string, fn: (status: number, bytes: number, ms: number) => void) => void;
    }) => {
      const labeler: TLabeler = { token: opts.tokens[tokenIndex++ % opts.tokens.length] as string, task: null, sent: "next", record: null };
      client.setRequests([requestFor(labeler)]);
      // Emitted right after the request's onResponse, synchronously.
      client.on("response", (status, _bytes, ms) => {
        const ep = labeler.record;
        labeler.record = null;
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
    mode,
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
        // project_id too, so the count walks the (project_id, item_id) index instead of scanning annotations per item.
        "SELECT count(*) AS n FROM items i WHERE i.project_id = $1 AND i.done_count <> (SELECT count(*) FROM annotations a WHERE a.project_id = i.project_id AND a.item_id = i.id)",
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
