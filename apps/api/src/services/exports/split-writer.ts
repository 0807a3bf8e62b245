import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { type Duplex, PassThrough, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

const FLUSH_CHARS = 256 * 1024;
/** gzip header byte 9 is the OS that wrote the file (RFC 1952 § 2.3.1); pin it to 3 (Unix) everywhere. */
const GZIP_OS_OFFSET = 9;
const GZIP_OS_UNIX = 3;

/** A name no other attempt uses, so a retry never appends to a half-written file of a crashed one. */
export function tempName(finalName: string): string {
  return `.${finalName}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
}

/**
 * Writes JSONL lines to a temp file, optionally gzipped, hashing exactly the bytes that reach the disk.
 * gzip output is deterministic: Node's zlib writes no file name and a zero mtime, and the OS byte is
 * pinned, so the same lines give the same .gz bytes (for the same zlib build and level).
 */
export class SplitWriter {
  readonly tmpPath: string;
  rows = 0;
  bytes = 0;
  private readonly hash = createHash("sha256");
  private readonly head: Duplex;
  private readonly done: Promise<void>;
  private buffer = "";

  constructor(
    folder: string,
    readonly name: string,
    gzip: boolean,
  ) {
    this.tmpPath = path.join(folder, tempName(name));
    let offset = 0;
    const tap = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        let out = chunk;
        if (gzip && offset <= GZIP_OS_OFFSET && offset + chunk.length > GZIP_OS_OFFSET) {
          out = Buffer.from(chunk);
          out[GZIP_OS_OFFSET - offset] = GZIP_OS_UNIX;
        }
        offset += out.length;
        this.hash.update(out);
        this.bytes += out.length;
        callback(null, out);
      },
    });
    this.head = gzip ? createGzip({ level: 6 }) : new PassThrough();
    this.done = pipeline(this.head, tap, createWriteStream(this.tmpPath));
    // Errors surface through `done` in close(); keep an early one from being unhandled meanwhile.
    this.done.catch(() => {});
  }

  async write(line: string): Promise<void> {
    this.buffer += `${line}\n`;
    this.rows++;
    if (this.buffer.length >= FLUSH_CHARS) await this.flush();
  }

  private async flush() {
    if (!this.buffer) return;
    const ok = this.head.write(this.buffer, "utf8");
    this.buffer = "";
    if (!ok) await Promise.race([once(this.head, "drain"), this.done]);
  }

  /** Flushes, closes and returns the SHA-256 of the file's bytes. */
  async close(): Promise<string> {
    await this.flush();
    this.head.end();
    await this.done;
    return this.hash.digest("hex");
  }

  destroy() {
    this.head.destroy();
  }
}
