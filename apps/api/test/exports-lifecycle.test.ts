import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { ZExportSpec } from "@rankwise/shared";
import type { Job, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createExportHandler, type TExportHandlerDeps } from "../src/jobs/export-handler.ts";
import { runExportProcess } from "../src/jobs/run-export-process.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { annotate, runExport, startExportWorker, waitForExport } from "./helpers/export-fixtures.ts";
import { createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let worker: Worker;
let researcher: TTestUser;
let engineer: TTestUser;
let projectId: string;
const ITEMS = 40;

beforeAll(async () => {
  ctx = await buildTestApp();
  researcher = await createUser(ctx.app, "RESEARCHER");
  engineer = await createUser(ctx.app, "ENGINEER");
  worker = startExportWorker(ctx);
  const project = await createTestProject(ctx.app, researcher);
  projectId = project.id;
  const form = await ctx.app.prisma.formVersion.findFirstOrThrow({ where: { projectId } });
  await importItems(ctx.app, projectId, researcher, makeItems(ITEMS, 3));
  const labeler = await createUser(ctx.app, "LABELER");
  for (const item of await ctx.app.prisma.item.findMany({ where: { projectId }, orderBy: { seq: "asc" } })) {
    await annotate(ctx.app, {
      projectId,
      itemId: item.id,
      labelerId: labeler.id,
      formVersionId: form.id,
      answers: { ranking: [["r2"], ["r1"], ["r3"]] },
    });
  }
});
afterAll(async () => {
  await worker.close();
  await ctx.close();
});

const folderOf = (id: string) => path.join(ctx.config.EXPORT_DIR, id);
const sha = (buf: Buffer) => createHash("sha256").update(buf).digest("hex");

/** A QUEUED export with no job on the queue: the tests below run its job by hand, as a worker would. */
async function queuedExport(spec: object = {}) {
  const row = await ctx.app.prisma.export.create({ data: { projectId, requestedById: engineer.id, spec: ZExportSpec.parse(spec) } });
  return row.id;
}

/** The handler run on a stand-in job; `onProgress` sees every progress tick. */
function runJob(
  exportId: string,
  opts: {
    attemptsMade?: number;
    onProgress?: (p: { rowsDone: number; rowsTotal: number }) => Promise<void>;
    deps?: Partial<TExportHandlerDeps>;
  } = {},
) {
  const job = {
    data: { v: 1, exportId },
    opts: { attempts: 3 },
    attemptsMade: opts.attemptsMade ?? 0,
    updateProgress: opts.onProgress ?? (async () => {}),
  };
  const handler = createExportHandler({ prisma: ctx.app.prisma, exportDir: ctx.config.EXPORT_DIR, batchSize: 5, ...opts.deps });
  return handler(job as unknown as Job);
}

describe("deterministic output", () => {
  it("the same data and spec give byte-identical files; rebuilding one export gives an identical manifest too", async () => {
    const first = await runExport(ctx.app, engineer.headers, projectId, { split: { train: 0.7, test: 0.3 } });
    const second = await runExport(ctx.app, engineer.headers, projectId, { split: { train: 0.7, test: 0.3 } });
    expect(second.sha256).toBe(first.sha256);
    expect(second.files).toEqual(first.files);
    for (const f of first.files as { name: string; sha256: string }[]) {
      const a = await readFile(path.join(folderOf(first.id), f.name));
      expect(a.equals(await readFile(path.join(folderOf(second.id), f.name)))).toBe(true);
      expect(sha(a)).toBe(f.sha256);
    }
    // Rebuild the first export in place: every file, manifest and card included, comes out the same.
    const before = Object.fromEntries(
      await Promise.all((await readdir(folderOf(first.id))).map(async (n) => [n, sha(await readFile(path.join(folderOf(first.id), n)))])),
    );
    await ctx.app.prisma.export.update({ where: { id: first.id }, data: { status: "QUEUED" } });
    await runJob(first.id);
    const after = Object.fromEntries(
      await Promise.all((await readdir(folderOf(first.id))).map(async (n) => [n, sha(await readFile(path.join(folderOf(first.id), n)))])),
    );
    expect(after).toEqual(before);
    expect(Object.keys(after).sort()).toEqual(["README.md", "manifest.json", "test.jsonl", "train.jsonl"]);
  });

  it("gzip output is deterministic (no mtime, fixed OS byte) and holds the same lines", async () => {
    const plain = await runExport(ctx.app, engineer.headers, projectId, {});
    const gz1 = await runExport(ctx.app, engineer.headers, projectId, { gzip: true });
    const gz2 = await runExport(ctx.app, engineer.headers, projectId, { gzip: true });
    expect(gz1.files[0]).toMatchObject({ name: "train.jsonl.gz", rows: ITEMS * 3 });
    expect(gz2.files[0].sha256).toBe(gz1.files[0].sha256);
    const bytes = await readFile(path.join(folderOf(gz1.id), "train.jsonl.gz"));
    expect([...bytes.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    expect(gunzipSync(bytes).equals(await readFile(path.join(folderOf(plain.id), "train.jsonl")))).toBe(true);
    const dl = await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${gz1.id}/download`, headers: engineer.headers });
    expect(dl.headers["content-type"]).toBe("application/gzip");
    expect(sha(dl.rawPayload)).toBe(gz1.files[0].sha256);
  });
});

describe("crash, retry, cancel, delete", () => {
  it("a worker dying mid-export leaves no temp files; the retry rebuilds the same bytes", async () => {
    const reference = await runExport(ctx.app, engineer.headers, projectId, {});
    const id = await queuedExport();
    const ticks: number[] = [];
    await expect(
      runJob(id, {
        onProgress: async (p) => {
          ticks.push(p.rowsDone);
          if (p.rowsDone >= 15) throw new Error("worker killed");
        },
      }),
    ).rejects.toThrow("worker killed");
    expect(ticks).toEqual([5, 10, 15]);
    const failed = await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } });
    expect(failed.status).toBe("QUEUED");
    expect(failed.error).toMatch(/attempt 1 failed: worker killed; retrying/);
    expect(existsSync(folderOf(id))).toBe(false);

    // A SIGKILLed worker cannot clean up: leave what it would have left behind.
    await mkdir(folderOf(id), { recursive: true });
    await writeFile(path.join(folderOf(id), ".train.jsonl.999-deadbeef.tmp"), '{"half": "a row');
    await runJob(id, { attemptsMade: 1 });
    const done = await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } });
    expect(done).toMatchObject({
      status: "COMPLETED",
      progress: 1,
      rowsDone: ITEMS,
      rowsTotal: ITEMS,
      sha256: reference.sha256,
      error: null,
    });
    expect((await readdir(folderOf(id))).sort()).toEqual(["README.md", "manifest.json", "train.jsonl"]);
  });

  it("the last failed attempt leaves FAILED with the reason", async () => {
    const id = await queuedExport();
    await expect(runJob(id, { attemptsMade: 2, onProgress: async () => Promise.reject(new Error("disk full")) })).rejects.toThrow(
      "disk full",
    );
    const row = await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "FAILED", error: "disk full" });
    expect(row.finishedAt).not.toBeNull();
  });

  it("cancel stops a running export at its next batch and removes its partial files", async () => {
    const id = await queuedExport();
    const ticks: number[] = [];
    const result = await runJob(id, {
      onProgress: async (p) => {
        ticks.push(p.rowsDone);
        if (p.rowsDone === 10) {
          const res = await ctx.app.inject({ method: "POST", url: `/api/v1/exports/${id}/cancel`, headers: engineer.headers });
          expect(res.statusCode).toBe(200);
          expect(res.json().status).toBe("CANCELLED");
        }
      },
    });
    expect(result).toEqual({ cancelled: true });
    // The batch after the cancel saw it: no further progress was reported.
    expect(ticks).toEqual([5, 10]);
    const row = await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("CANCELLED");
    expect(row.rowsDone).toBe(15);
    expect(existsSync(folderOf(id))).toBe(false);
    const again = await ctx.app.inject({ method: "POST", url: `/api/v1/exports/${id}/cancel`, headers: engineer.headers });
    expect(again.statusCode).toBe(409);
  });

  it("cancelling a queued export removes its job; a cancelled job never runs", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${projectId}/exports`,
      headers: engineer.headers,
      payload: {},
    });
    const id = res.json().id;
    const cancel = await ctx.app.inject({ method: "POST", url: `/api/v1/exports/${id}/cancel`, headers: engineer.headers });
    // The in-process worker may already have picked it up; either way it ends CANCELLED with no files.
    expect(cancel.statusCode).toBe(200);
    const end = await waitForExport(ctx.app, engineer.headers, id);
    expect(end.status).toBe("CANCELLED");
    expect(await runJob(id)).toEqual({ cancelled: false });
    expect((await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } })).status).toBe("CANCELLED");
    // A worker that had already started notices at its next batch and cleans up after itself.
    await vi.waitFor(() => expect(existsSync(folderOf(id))).toBe(false), { timeout: 5000 });
  });

  it("delete removes the files and the record; a running export must be cancelled first", async () => {
    const done = await runExport(ctx.app, engineer.headers, projectId, {});
    expect(existsSync(folderOf(done.id))).toBe(true);
    const del = await ctx.app.inject({ method: "DELETE", url: `/api/v1/exports/${done.id}`, headers: engineer.headers });
    expect(del.statusCode).toBe(204);
    expect(existsSync(folderOf(done.id))).toBe(false);
    expect((await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${done.id}`, headers: engineer.headers })).statusCode).toBe(404);

    const queued = await queuedExport();
    const refused = await ctx.app.inject({ method: "DELETE", url: `/api/v1/exports/${queued}`, headers: engineer.headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("CONFLICT");
    expect(await ctx.app.prisma.export.count({ where: { id: queued } })).toBe(1);
  });

  it("the URL endpoint points at the API download for local storage; unfinished exports have no files yet", async () => {
    const done = await runExport(ctx.app, engineer.headers, projectId, {});
    const res = await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${done.id}/url?split=train`, headers: engineer.headers });
    expect(res.json()).toEqual({
      url: `${ctx.config.PUBLIC_API_URL}/api/v1/exports/${done.id}/download?split=train`,
      storage: "local",
      expiresAt: null,
    });
    expect(
      (await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${done.id}/url?split=test`, headers: engineer.headers })).statusCode,
    ).toBe(404);
    const queued = await queuedExport();
    for (const suffix of ["/download", "/url", "/manifest", "/files/README.md"]) {
      const r = await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${queued}${suffix}`, headers: engineer.headers });
      expect(r.statusCode, suffix).toBe(409);
    }
  });
});

describe("hand-off point", () => {
  it("calls onExportCompleted once the export is COMPLETED; a failing hook is logged, not fatal", async () => {
    const hook = vi.fn(async (id: string) => {
      const row = await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe("COMPLETED");
    });
    const id = await queuedExport();
    await runJob(id, { deps: { onExportCompleted: hook } });
    expect(hook).toHaveBeenCalledExactlyOnceWith(id);

    const logError = vi.fn();
    const failing = await queuedExport();
    const result = await runJob(failing, { deps: { onExportCompleted: async () => Promise.reject(new Error("webhook down")), logError } });
    expect(result).toEqual({ cancelled: false });
    expect((await ctx.app.prisma.export.findUniqueOrThrow({ where: { id: failing } })).status).toBe("COMPLETED");
    expect(logError).toHaveBeenCalledOnce();

    // Not called for a cancelled export.
    const cancelled = await queuedExport();
    await ctx.app.inject({ method: "POST", url: `/api/v1/exports/${cancelled}/cancel`, headers: engineer.headers });
    const never = vi.fn(async () => {});
    await runJob(cancelled, { deps: { onExportCompleted: never } });
    expect(never).not.toHaveBeenCalled();
  });
});

describe("the worker's export process", () => {
  const inChild: Partial<TExportHandlerDeps> = {
    runExport: (exportId, onProgress) =>
      runExportProcess(exportId, { databaseUrl: ctx.config.DATABASE_URL, exportDir: ctx.config.EXPORT_DIR, batchSize: 5, onProgress }),
  };

  it("builds the same bytes as in process and relays progress", async () => {
    const reference = await runExport(ctx.app, engineer.headers, projectId, { gzip: true });
    const id = await queuedExport({ gzip: true });
    const ticks: number[] = [];
    const result = await runJob(id, { deps: inChild, onProgress: async (p) => void ticks.push(p.rowsDone) });
    expect(result).toEqual({ cancelled: false });
    expect(ticks).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
    const done = await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } });
    expect(done).toMatchObject({ status: "COMPLETED", progress: 1, rowsDone: ITEMS, rowsTotal: ITEMS, sha256: reference.sha256 });
    const inProcess = await ctx.app.prisma.export.findUniqueOrThrow({ where: { id: reference.id } });
    expect(done.files).toEqual(inProcess.files);
    expect(done.counts).toEqual(inProcess.counts);
    expect(done.manifest).toMatchObject({ digest: inProcess.sha256 });
  });

  it("cancel stops it at its next batch; a failure leaves FAILED with the reason", async () => {
    const id = await queuedExport();
    const ticks: number[] = [];
    const result = await runJob(id, {
      deps: inChild,
      onProgress: async (p) => {
        ticks.push(p.rowsDone);
        if (p.rowsDone === 10) await ctx.app.inject({ method: "POST", url: `/api/v1/exports/${id}/cancel`, headers: engineer.headers });
      },
    });
    expect(result).toEqual({ cancelled: true });
    expect(ticks.slice(0, 2)).toEqual([5, 10]);
    expect((await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } })).status).toBe("CANCELLED");
    expect(existsSync(folderOf(id))).toBe(false);

    const broken = await queuedExport();
    await ctx.app.prisma.export.update({ where: { id: broken }, data: { spec: { format: "no-such-format" } } });
    await expect(runJob(broken, { attemptsMade: 2, deps: inChild })).rejects.toThrow(/format/);
    const row = await ctx.app.prisma.export.findUniqueOrThrow({ where: { id: broken } });
    expect(row.status).toBe("FAILED");
    expect(row.error).toMatch(/format/);

    const killed = await queuedExport();
    await expect(
      runJob(killed, { attemptsMade: 2, deps: inChild, onProgress: async () => Promise.reject(new Error("disk full")) }),
    ).rejects.toThrow("disk full");
    expect(await ctx.app.prisma.export.findUniqueOrThrow({ where: { id: killed } })).toMatchObject({
      status: "FAILED",
      error: "disk full",
    });
    expect(existsSync(folderOf(killed))).toBe(false);
  });
});
