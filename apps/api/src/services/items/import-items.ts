import type { Readable } from "node:stream";
import { type TImportLine, type TImportLineError, type TImportResult, type TMessage, type TResponse, ZImportLine } from "@rankwise/shared";
import { AppError } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import { readLines } from "../../lib/read-lines.ts";

export const MAX_LINE_BYTES = 2 * 1024 * 1024;
const BATCH_SIZE = 500;
const MAX_REPORTED_ERRORS = 1000;

type TRow = {
  line: number;
  external_id: string;
  prompt: TMessage[];
  responses: TResponse[];
  metadata: Record<string, unknown>;
  /** Null keeps an existing item's role (LIVE for a new one). */
  role: "SCREENING" | "HONEYPOT" | null;
};

/** Normalises one import line: string prompts become a user turn; responses without ids get r1..rK. */
export function toItemRow(line: TImportLine, lineNo: number): TRow {
  const taken = new Set(line.responses.flatMap((r) => (r.id ? [r.id] : [])));
  let next = 1;
  const responses = line.responses.map((r) => {
    let id = r.id;
    if (!id) {
      while (taken.has(`r${next}`)) next++;
      id = `r${next}`;
      taken.add(id);
    }
    return { id, model: r.model ?? null, content: r.content, ...(r.steps ? { steps: r.steps } : {}) };
  });
  const prompt: TMessage[] = typeof line.prompt === "string" ? [{ role: "user", content: line.prompt }] : line.prompt;
  const role = line.role === "screening" ? "SCREENING" : line.role === "honeypot" ? "HONEYPOT" : null;
  return { line: lineNo, external_id: line.external_id, prompt, responses, metadata: line.metadata ?? {}, role };
}

function describeIssues(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; ");
}

type TBatchOutcome = { external_id: string; outcome: "created" | "updated" | "unchanged" | "locked" };

/**
 * Upserts a batch in one statement. An item whose content changed is updated only while nobody
 * has answered or leased it: answers must keep referring to what the labeler saw.
 */
async function upsertBatch(db: TDb, projectId: string, rows: TRow[]): Promise<TBatchOutcome[]> {
  const payload = JSON.stringify(rows.map(({ line: _, ...r }) => r));
  return db.$queryRaw<TBatchOutcome[]>`
    WITH input AS (
      SELECT x.external_id, x.prompt, x.responses, x.metadata, x.role::"ItemRole" AS role
      FROM jsonb_to_recordset(${payload}::jsonb) AS x(external_id text, prompt jsonb, responses jsonb, metadata jsonb, role text)
    ), existing AS (
      SELECT i.id, i.external_id,
             (i.prompt = n.prompt AND i.responses = n.responses AND i.metadata = n.metadata AND (n.role IS NULL OR i.role = n.role)) AS same,
             (i.active_count > 0 OR i.done_count > 0) AS used
      FROM items i JOIN input n ON n.external_id = i.external_id
      WHERE i.project_id = ${projectId}::uuid
      FOR UPDATE OF i
    ), inserted AS (
      INSERT INTO items (id, project_id, external_id, prompt, responses, metadata, role, updated_at)
      SELECT gen_random_uuid(), ${projectId}::uuid, n.external_id, n.prompt, n.responses, n.metadata, coalesce(n.role, 'LIVE'), now()
      FROM input n WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.external_id = n.external_id)
      ON CONFLICT (project_id, external_id) DO NOTHING
      RETURNING external_id
    ), updated AS (
      UPDATE items SET prompt = n.prompt, responses = n.responses, metadata = n.metadata, role = coalesce(n.role, items.role), updated_at = now()
      FROM input n JOIN existing e ON e.external_id = n.external_id
      WHERE items.id = e.id AND NOT e.same AND NOT e.used
      RETURNING items.external_id
    )
    SELECT external_id, 'created' AS outcome FROM inserted
    UNION ALL SELECT external_id, 'updated' FROM updated
    UNION ALL SELECT external_id, CASE WHEN same THEN 'unchanged' ELSE 'locked' END FROM existing e
      WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.external_id = e.external_id)`;
}

const ANALYZE_AFTER_CREATED = 1000;

/**
 * Streams a JSONL file into a project. By default all-or-nothing: any bad line rolls the whole
 * import back and every bad line is reported by number. With `skipInvalid`, good lines are kept.
 */
export async function importItems(
  prisma: TPrisma,
  projectId: string,
  stream: Readable,
  opts: { skipInvalid: boolean },
): Promise<TImportResult> {
  const result: TImportResult = { created: 0, updated: 0, unchanged: 0, skipped: 0, errors: [] };
  const report = (e: TImportLineError) => {
    result.skipped++;
    if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push(e);
  };

  const run = async (tx: TDb) => {
    const firstSeen = new Map<string, number>();
    let batch: TRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const lineOf = new Map(batch.map((r) => [r.external_id, r.line]));
      for (const r of await upsertBatch(tx, projectId, batch)) {
        if (r.outcome === "locked") {
          report({
            line: lineOf.get(r.external_id) ?? 0,
            message: `item "${r.external_id}" already has answers or leases; its content cannot change`,
          });
        } else result[r.outcome]++;
      }
      batch = [];
    };

    for await (const line of readLines(stream, MAX_LINE_BYTES)) {
      if ("error" in line) {
        report({ line: line.lineNo, message: line.error });
        continue;
      }
      if (line.text.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(line.text);
      } catch (err) {
        report({ line: line.lineNo, message: `invalid JSON: ${(err as Error).message}` });
        continue;
      }
      const parsed = ZImportLine.safeParse(json);
      if (!parsed.success) {
        report({ line: line.lineNo, message: describeIssues(parsed.error) });
        continue;
      }
      const first = firstSeen.get(parsed.data.external_id);
      if (first !== undefined) {
        report({ line: line.lineNo, message: `external_id "${parsed.data.external_id}" already appears on line ${first}` });
        continue;
      }
      firstSeen.set(parsed.data.external_id, line.lineNo);
      batch.push(toItemRow(parsed.data, line.lineNo));
      if (batch.length >= BATCH_SIZE) await flush();
    }
    await flush();
    if (result.skipped > 0 && !opts.skipInvalid) {
      throw new AppError(
        "VALIDATION_FAILED",
        `${result.skipped} invalid line(s); nothing was imported (pass skipInvalid=true to import the valid lines)`,
        result.errors.map((e) => ({ path: ["line", e.line], message: e.message })),
      );
    }
  };

  await prisma.$transaction(run, { timeout: 30 * 60_000, maxWait: 10_000 });
  // Labelers start right after a big import; until autovacuum gets to it, the planner would still see
  // the old row counts and scan and sort the whole project for every task claim instead of walking
  // the (project_id, seq) index. Fresh statistics now take a fraction of a second.
  if (result.created >= ANALYZE_AFTER_CREATED) await prisma.$executeRawUnsafe("ANALYZE items");
  if (result.created + result.updated + result.unchanged + result.skipped === 0) {
    throw new AppError("BAD_REQUEST", "The file has no items");
  }
  return result;
}
