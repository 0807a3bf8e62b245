import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { Worker } from "bullmq";
// @ts-expect-error s3rver ships no types; only its constructor, run() and close() are used.
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type createS3Storage, objectKey } from "../src/services/exports/s3-storage.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { annotate, runExport, startExportWorker } from "./helpers/export-fixtures.ts";
import { createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";

/*
 * The S3 path against a real S3-compatible server: s3rver (npm, no install scripts) listening on
 * 127.0.0.1 in this process, speaking the S3 REST API the AWS SDK uses (multipart upload included).
 */
const BUCKET = "rankwise-exports";
let server: { run: () => Promise<{ port: number }>; close: () => Promise<void> };
let s3Dir: string;
let ctx: TTestContext;
let worker: Worker;
let engineer: TTestUser;
let projectId: string;
let storage: ReturnType<typeof createS3Storage>;

const sha = (buf: Buffer | Uint8Array) => createHash("sha256").update(buf).digest("hex");

beforeAll(async () => {
  s3Dir = await mkdtemp(path.join(tmpdir(), "rankwise-s3rver-"));
  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3Dir });
  const { port } = await server.run();
  const env = {
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "true",
  };
  ctx = await buildTestApp(env);
  expect(ctx.app.exportStorage.kind).toBe("s3");
  storage = ctx.app.exportStorage as ReturnType<typeof createS3Storage>;
  await storage.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  worker = startExportWorker(ctx);

  const researcher = await createUser(ctx.app, "RESEARCHER");
  engineer = await createUser(ctx.app, "ENGINEER");
  const project = await createTestProject(ctx.app, researcher);
  projectId = project.id;
  const form = await ctx.app.prisma.formVersion.findFirstOrThrow({ where: { projectId } });
  await importItems(ctx.app, projectId, researcher, makeItems(30, 3));
  const labeler = await createUser(ctx.app, "LABELER");
  for (const item of await ctx.app.prisma.item.findMany({ where: { projectId } })) {
    await annotate(ctx.app, {
      projectId,
      itemId: item.id,
      labelerId: labeler.id,
      formVersionId: form.id,
      answers: { ranking: [["r1"], ["r3"], ["r2"]] },
    });
  }
});
afterAll(async () => {
  await worker?.close();
  await ctx?.close();
  await server?.close();
  await rm(s3Dir, { recursive: true, force: true });
});

const keysOf = async (exportId: string) =>
  ((await storage.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: objectKey(exportId, "") }))).Contents ?? [])
    .map((o) => o.Key)
    .sort();

describe("exports on S3-compatible storage", () => {
  it("uploads every file, serves splits through presigned URLs and the card from the bucket, and deletes them", async () => {
    const done = await runExport(ctx.app, engineer.headers, projectId, { split: { train: 0.5, test: 0.5 } });
    expect(done.storage).toBe("s3");
    const names = (done.files as { name: string }[]).map((f) => f.name);
    expect(await keysOf(done.id)).toEqual([...names, "README.md", "manifest.json"].map((n) => objectKey(done.id, n)).sort());
    // The bucket is the copy of record; the local staging folder is gone.
    expect(existsSync(path.join(ctx.config.EXPORT_DIR, done.id))).toBe(false);

    for (const file of done.files as { split: string; name: string; sha256: string; bytes: number }[]) {
      const res = await ctx.app.inject({
        method: "GET",
        url: `/api/v1/exports/${done.id}/url?split=${file.split}`,
        headers: engineer.headers,
      });
      expect(res.statusCode).toBe(200);
      const { url, storage: kind, expiresAt } = res.json();
      expect(kind).toBe("s3");
      expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(url).toContain("X-Amz-Signature=");
      const fetched = await fetch(url);
      expect(fetched.status).toBe(200);
      const body = Buffer.from(await fetched.arrayBuffer());
      expect(body.length).toBe(file.bytes);
      expect(sha(body)).toBe(file.sha256);

      const dl = await ctx.app.inject({
        method: "GET",
        url: `/api/v1/exports/${done.id}/download?split=${file.split}`,
        headers: engineer.headers,
      });
      expect(dl.statusCode).toBe(302);
      expect(dl.headers.location).toContain(`/${BUCKET}/${objectKey(done.id, file.name)}`);
    }

    const card = await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${done.id}/files/README.md`, headers: engineer.headers });
    expect(card.statusCode).toBe(200);
    expect(card.headers["content-type"]).toMatch(/text\/markdown/);
    expect(card.body).toMatch(/^---\npretty_name: /);
    const manifest = await ctx.app.inject({
      method: "GET",
      url: `/api/v1/exports/${done.id}/files/manifest.json`,
      headers: engineer.headers,
    });
    expect(JSON.parse(manifest.body).digest).toBe(done.sha256);

    const del = await ctx.app.inject({ method: "DELETE", url: `/api/v1/exports/${done.id}`, headers: engineer.headers });
    expect(del.statusCode).toBe(204);
    expect(await keysOf(done.id)).toEqual([]);
  });

  it("the same data and spec upload byte-identical objects", async () => {
    const a = await runExport(ctx.app, engineer.headers, projectId, {});
    const b = await runExport(ctx.app, engineer.headers, projectId, {});
    expect(b.sha256).toBe(a.sha256);
    const rows = await downloadRowsViaUrl(b.id);
    expect(rows).toHaveLength(90);
  });

  it("publishes a file larger than one part with a multipart upload", async () => {
    const exportId = "33333333-3333-4333-8333-333333333333";
    const folder = await mkdtemp(path.join(tmpdir(), "rankwise-s3-multipart-"));
    // 20 MiB: three parts of 8 MiB.
    const big = Buffer.alloc(20 * 1024 * 1024, "abcdefghij\n");
    await writeFile(path.join(folder, "train.jsonl"), big);
    const commands: string[] = [];
    storage.client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: "initialize", name: "recordCommands" },
    );
    try {
      await storage.publish(exportId, folder, ["train.jsonl"]);
    } finally {
      storage.client.middlewareStack.remove("recordCommands");
    }
    expect(commands).toEqual([
      "CreateMultipartUploadCommand",
      "UploadPartCommand",
      "UploadPartCommand",
      "UploadPartCommand",
      "CompleteMultipartUploadCommand",
    ]);
    const head = await storage.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: objectKey(exportId, "train.jsonl") }));
    expect(head.ContentLength).toBe(big.length);
    const url = await storage.presignedUrl(exportId, "train.jsonl", { expiresIn: 60, downloadName: "x.jsonl" });
    const body = Buffer.from(await (await fetch(url as string)).arrayBuffer());
    expect(sha(body)).toBe(sha(big));
    await storage.remove(exportId);
    expect(await keysOf(exportId)).toEqual([]);
  });
});

async function downloadRowsViaUrl(exportId: string) {
  const { url } = (await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${exportId}/url`, headers: engineer.headers })).json();
  const text = await (await fetch(url)).text();
  return text.split("\n").filter(Boolean);
}
