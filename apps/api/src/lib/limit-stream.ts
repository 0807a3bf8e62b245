import { Transform, type Readable } from "node:stream";
import { AppError } from "./app-error.ts";

export const payloadTooLarge = (maxBytes: number) =>
  new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than the limit of ${maxBytes} bytes`);

/**
 * Passes a streamed body through while counting bytes; past `maxBytes` the stream fails with a
 * PAYLOAD_TOO_LARGE AppError (Fastify's bodyLimit does not apply to bodies handed on as streams).
 */
export function limitStream(source: Readable, maxBytes: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(payloadTooLarge(maxBytes));
      else callback(null, chunk);
    },
  });
  source.on("error", (err) => counter.destroy(err));
  return source.pipe(counter);
}
