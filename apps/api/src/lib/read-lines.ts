import type { Readable } from "node:stream";

export type TLine = { lineNo: number; text: string } | { lineNo: number; error: string };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines without holding more than one line in memory. A line longer
 * than `maxLineBytes` or with invalid UTF-8 is reported as an error line and the rest still flows.
 */
export async function* readLines(stream: Readable, maxLineBytes: number): AsyncGenerator<TLine> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let lineNo = 0;

  const finish = (): TLine => {
    lineNo++;
    if (tooLong) return { lineNo, error: `line is longer than ${maxLineBytes} bytes` };
    let buf = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    if (buf.length > 0 && buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
    try {
      return { lineNo, text: decoder.decode(buf) };
    } catch {
      return { lineNo, error: "line is not valid UTF-8" };
    }
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl;
      if (!tooLong) {
        size += end - start;
        if (size > maxLineBytes) {
          tooLong = true;
          parts = [];
        } else parts.push(chunk.subarray(start, end));
      }
      if (nl === -1) break;
      yield finish();
      parts = [];
      size = 0;
      tooLong = false;
      start = nl + 1;
    }
  }
  if (size > 0 || tooLong) yield finish();
}
