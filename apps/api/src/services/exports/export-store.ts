import type { TExportCounts, TExportFile, TExportManifest } from "@rankwise/shared";
import type pg from "pg";
import { Prisma } from "../../generated/prisma/client.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";

export type TExportStatus = "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
export type TExportRecord = { projectId: string; status: TExportStatus; spec: unknown; createdAt: Date };
export type TExportCompletion = {
  rowsDone: number;
  counts: TExportCounts;
  files: TExportFile[];
  sha256: string;
  manifest: TExportManifest;
  storage: string;
};

/**
 * The few reads and writes of the `exports` row that building an export needs, plus raw SQL for
 * reading the annotations. Two implementations: Prisma (the API, tests) and plain `pg` (the export
 * child process, which thus never loads Prisma's query compiler).
 */
export type TExportStore = {
  /** Raw SQL access with the `$queryRaw`/`$executeRaw` tagged-template surface of a Prisma client. */
  db: TDb;
  load(exportId: string): Promise<TExportRecord | null>;
  /** QUEUED/FAILED/RUNNING → RUNNING; false when cancelled or completed meanwhile. */
  start(exportId: string, rowsTotal: number): Promise<boolean>;
  /** Records progress; returns the current status (null when the row is gone). */
  progress(exportId: string, rowsDone: number, progress: number): Promise<TExportStatus | null>;
  /** RUNNING → COMPLETED; false when it was no longer RUNNING. */
  complete(exportId: string, done: TExportCompletion): Promise<boolean>;
};

export function prismaExportStore(prisma: TPrisma): TExportStore {
  return {
    db: prisma,
    load: (id) => prisma.export.findUnique({ where: { id }, select: { projectId: true, status: true, spec: true, createdAt: true } }),
    start: async (id, rowsTotal) => {
      const r = await prisma.export.updateMany({
        where: { id, status: { notIn: ["CANCELLED", "COMPLETED"] } },
        data: { status: "RUNNING", startedAt: new Date(), rowsTotal, rowsDone: 0, progress: 0, error: null },
      });
      return r.count > 0;
    },
    progress: async (id, rowsDone, progress) => {
      const row = await prisma.export.update({ where: { id }, data: { rowsDone, progress }, select: { status: true } });
      return row.status;
    },
    complete: async (id, d) => {
      const r = await prisma.export.updateMany({
        where: { id, status: "RUNNING" },
        data: {
          status: "COMPLETED",
          progress: 1,
          rowsDone: d.rowsDone,
          counts: d.counts,
          files: d.files,
          sha256: d.sha256,
          manifest: d.manifest,
          storage: d.storage,
          finishedAt: new Date(),
        },
      });
      return r.count > 0;
    },
  };
}

type TQueryable = { query: pg.Pool["query"] };

/** `$queryRaw`/`$executeRaw` over plain pg: Prisma.sql only builds the text and parameters (no engine). */
function rawDb(client: TQueryable): TDb {
  const $queryRaw = async (strings: TemplateStringsArray, ...values: unknown[]) => {
    const sql = Prisma.sql(strings, ...values);
    return (await client.query(sql.text, sql.values as unknown[])).rows;
  };
  const $executeRaw = async (strings: TemplateStringsArray, ...values: unknown[]) => {
    const sql = Prisma.sql(strings, ...values);
    return (await client.query(sql.text, sql.values as unknown[])).rowCount ?? 0;
  };
  // Only the raw-SQL surface is used by the export readers.
  return { $queryRaw, $executeRaw } as unknown as TDb;
}

/** The export store over a plain pg pool (the export child process). */
export function pgExportStore(pool: pg.Pool): TExportStore {
  return {
    db: rawDb(pool),
    load: async (id) => {
      const { rows } = await pool.query<{ project_id: string; status: TExportStatus; spec: unknown; created_at: Date }>(
        "SELECT project_id, status::text AS status, spec, created_at FROM exports WHERE id = $1::uuid",
        [id],
      );
      const r = rows[0];
      return r ? { projectId: r.project_id, status: r.status, spec: r.spec, createdAt: r.created_at } : null;
    },
    start: async (id, rowsTotal) => {
      const r = await pool.query(
        `UPDATE exports SET status = 'RUNNING', started_at = now(), rows_total = $2, rows_done = 0, progress = 0, error = NULL
         WHERE id = $1::uuid AND status NOT IN ('CANCELLED', 'COMPLETED')`,
        [id, rowsTotal],
      );
      return (r.rowCount ?? 0) > 0;
    },
    progress: async (id, rowsDone, progress) => {
      const { rows } = await pool.query<{ status: TExportStatus }>(
        "UPDATE exports SET rows_done = $2, progress = $3 WHERE id = $1::uuid RETURNING status::text AS status",
        [id, rowsDone, progress],
      );
      return rows[0]?.status ?? null;
    },
    complete: async (id, d) => {
      const r = await pool.query(
        `UPDATE exports SET status = 'COMPLETED', progress = 1, rows_done = $2, counts = $3::jsonb, files = $4::jsonb,
           sha256 = $5, manifest = $6::jsonb, storage = $7, finished_at = now()
         WHERE id = $1::uuid AND status = 'RUNNING'`,
        [id, d.rowsDone, JSON.stringify(d.counts), JSON.stringify(d.files), d.sha256, JSON.stringify(d.manifest), d.storage],
      );
      return (r.rowCount ?? 0) > 0;
    },
  };
}
