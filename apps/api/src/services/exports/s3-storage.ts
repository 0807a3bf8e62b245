import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { exportFolder } from "./export-paths.ts";
import type { TExportStorage } from "./export-storage.ts";

export type TS3Settings = {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
};

/** Multipart parts of 8 MiB, four in flight: bounded memory whatever the file size. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

const CONTENT_TYPES: Record<string, string> = {
  ".jsonl": "application/jsonl",
  ".gz": "application/gzip",
  ".json": "application/json",
  ".md": "text/markdown",
};

export function objectKey(exportId: string, name: string): string {
  return `exports/${exportId}/${name}`;
}

/**
 * Export files in an S3-compatible bucket under `exports/<id>/`: uploaded with @aws-sdk/lib-storage
 * (multipart above one part, streamed from disk), downloaded through presigned GET URLs. Credentials
 * come from S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY when set, else from the SDK's default chain.
 */
export function createS3Storage(settings: TS3Settings, exportDir: string): TExportStorage & { client: S3Client } {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials:
      settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
  });
  const Bucket = settings.bucket;

  return {
    kind: "s3",
    client,
    async publish(exportId, folder, names) {
      for (const name of names) {
        const upload = new Upload({
          client,
          params: {
            Bucket,
            Key: objectKey(exportId, name),
            Body: createReadStream(path.join(folder, name)),
            ContentType: CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream",
          },
          partSize: PART_SIZE,
          queueSize: QUEUE_SIZE,
        });
        await upload.done();
      }
      // The bucket is the copy of record; the local folder was only staging.
      await rm(folder, { recursive: true, force: true });
    },
    async remove(exportId) {
      for (;;) {
        const listed = await client.send(new ListObjectsV2Command({ Bucket, Prefix: objectKey(exportId, "") }));
        const keys = (listed.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length) await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
        if (!listed.IsTruncated) break;
      }
      await rm(exportFolder(exportDir, exportId), { recursive: true, force: true });
    },
    presignedUrl(exportId, name, opts) {
      const command = new GetObjectCommand({
        Bucket,
        Key: objectKey(exportId, name),
        ResponseContentDisposition: `attachment; filename="${opts.downloadName}"`,
      });
      return getSignedUrl(client, command, { expiresIn: opts.expiresIn });
    },
    async openRead(exportId, name) {
      const res = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(exportId, name) }));
      return res.Body as Readable;
    },
  };
}
