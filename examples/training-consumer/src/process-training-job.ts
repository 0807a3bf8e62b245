import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { type TTrainingEventRequest, type TTrainingJobV1, type TTrainingMetrics, ZTrainingJobV1 } from "@rankwise/shared";
import { UnrecoverableError } from "bullmq";

export type TConsumerOptions = {
  /** A Rankwise API token of an ENGINEER (or RESEARCHER/ADMIN): downloads and events need it. */
  token: string;
  /** Files land in <workDir>/<trainingRunId>/. */
  workDir: string;
  /** Simulated optimizer steps (default 5) and the pause between them. */
  steps?: number;
  stepDelayMs?: number;
  log?: (message: string) => void;
};

export type TVerifiedFile = { split: string; path: string; rows: number; bytes: number; sha256: string };
export type TConsumerResult = { trainingRunId: string; files: TVerifiedFile[]; metrics: TTrainingMetrics };

type TExpected = { split?: unknown; name?: unknown; rows?: unknown; sha256?: unknown };

const TRAINER = "rankwise-example-consumer (simulated training)";

/** The manifest's file list when it has one (an array, or `{ files: [...] }`), else the job's own `files`. */
function expectedFiles(job: TTrainingJobV1): TExpected[] {
  const m = job.manifest as unknown;
  const list = Array.isArray(m) ? m : Array.isArray((m as { files?: unknown }).files) ? (m as { files: unknown[] }).files : null;
  return (list ?? job.files).filter((f): f is TExpected => f !== null && typeof f === "object");
}

async function report(job: TTrainingJobV1, token: string, event: TTrainingEventRequest): Promise<void> {
  const res = await fetch(job.eventsUrl, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(event),
  });
  if (!res.ok) throw new Error(`POST ${job.eventsUrl} → ${res.status}: ${await res.text()}`);
}

/** Streams one split to disk (under a temporary name, renamed when complete) while hashing it. */
async function download(url: string, token: string, dest: string): Promise<{ sha256: string; bytes: number }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) throw new Error(`GET ${url} → ${res.status}: ${await res.text()}`);
  const hash = createHash("sha256");
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(res.body), tap, createWriteStream(`${dest}.part`));
  await rename(`${dest}.part`, dest);
  return { sha256: hash.digest("hex"), bytes };
}

/** JSONL rows: lines, counting a last line without a trailing newline; gzip files are read decompressed. */
async function countRows(file: string): Promise<number> {
  let rows = 0;
  let last = 0x0a;
  const source = file.endsWith(".gz") ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  for await (const chunk of source as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 0x0a) rows++;
    if (chunk.length > 0) last = chunk[chunk.length - 1] ?? last;
  }
  return last === 0x0a ? rows : rows + 1;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One training job, start to finish: validate the v1 contract, download and verify every file
 * against the manifest, then report RUNNING → steps with metrics → SUCCEEDED. The training itself is
 * SIMULATED (made-up, decreasing loss); a real trainer calls TRL's RewardTrainer where marked.
 * A bad payload or a file that does not match the manifest is reported FAILED and not retried.
 */
export async function processTrainingJob(data: unknown, opts: TConsumerOptions): Promise<TConsumerResult> {
  const log = opts.log ?? (() => {});
  if ((data as { v?: unknown } | null)?.v !== 1)
    throw new UnrecoverableError(`Unknown training job version ${String((data as { v?: unknown })?.v)}; this consumer speaks v1`);
  const parsed = ZTrainingJobV1.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid v1 training job: ${parsed.error.message}`);
  const job = parsed.data;
  const dir = path.join(opts.workDir, job.trainingRunId);
  await mkdir(dir, { recursive: true });

  // 1. Download and verify: every file must match the manifest's sha256 and row count.
  const expected = expectedFiles(job);
  const files: TVerifiedFile[] = [];
  try {
    for (const file of job.files) {
      const dest = path.join(dir, path.basename(file.name));
      const { sha256, bytes } = await download(file.url, opts.token, dest);
      const rows = await countRows(dest);
      const want = expected.find((e) => e.split === file.split) ?? expected.find((e) => e.name === file.name) ?? file;
      if (sha256 !== want.sha256)
        throw new UnrecoverableError(`${file.name}: sha256 ${sha256} does not match the manifest's ${String(want.sha256)}`);
      if (rows !== want.rows) throw new UnrecoverableError(`${file.name}: ${rows} rows, the manifest says ${String(want.rows)}`);
      files.push({ split: file.split, path: dest, rows, bytes, sha256 });
      log(`verified ${file.name}: ${rows} rows, sha256 ${sha256.slice(0, 12)}…`);
    }
  } catch (err) {
    await report(job, opts.token, {
      status: "FAILED",
      trainer: TRAINER,
      message: `download/verification failed: ${(err as Error).message}`,
    }).catch(() => {});
    throw err instanceof UnrecoverableError ? err : new UnrecoverableError((err as Error).message);
  }

  const train = files.find((f) => f.split === "train");
  await report(job, opts.token, {
    status: "RUNNING",
    trainer: TRAINER,
    step: 0,
    message: `verified ${files.length} file(s): ${files.map((f) => `${f.split}=${f.rows} rows`).join(", ")}; format ${job.format}, criterion ${job.criterion ?? "(none)"}`,
  });

  // 2. Train. SIMULATED: no GPU and no model here. A real trainer runs TRL instead of this loop:
  //      RewardTrainer(model=..., args=RewardConfig(...), train_dataset=load_dataset("json", data_files=train.path)["train"]).train()
  //    and posts each `on_log` (loss, accuracy, margin, ...) as an event (see consumer.py in this folder).
  try {
    const steps = opts.steps ?? 5;
    let metrics: TTrainingMetrics = {};
    for (let i = 1; i <= steps; i++) {
      await sleep(opts.stepDelayMs ?? 200);
      metrics = {
        loss: Number((0.69 * Math.exp(-0.35 * i) + 0.08).toFixed(4)),
        reward_accuracy: Number((0.5 + 0.42 * (1 - Math.exp(-0.5 * i))).toFixed(4)),
        margin: Number((0.3 * i).toFixed(4)),
        epoch: Number((i / steps).toFixed(4)),
      };
      await report(job, opts.token, { step: i * 10, metrics });
    }
    const final = { ...metrics, train_rows: train?.rows ?? 0 };
    await report(job, opts.token, { status: "SUCCEEDED", step: steps * 10, metrics: final, message: "simulated training finished" });
    return { trainingRunId: job.trainingRunId, files, metrics: final };
  } catch (err) {
    await report(job, opts.token, { status: "FAILED", message: (err as Error).message }).catch(() => {});
    throw new UnrecoverableError((err as Error).message);
  }
}
