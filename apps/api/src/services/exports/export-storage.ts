import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { TConfig } from "../../config.ts";
import { AppError } from "../../lib/app-error.ts";
import { exportFolder } from "./export-paths.ts";
import { createS3Storage } from "./s3-storage.ts";

export type TStorageKind = "local" | "s3";

/**
 * Where finished export files live. Files are always built in the local export folder first (temp
 * names, then renamed); `publish` then makes them available: a no-op locally, a multipart upload to S3.
 */
export type TExportStorage = {
  readonly kind: TStorageKind;
  publish(exportId: string, folder: string, names: readonly string[]): Promise<void>;
  /** Removes every file of the export, wherever it is (and any local leftovers). */
  remove(exportId: string): Promise<void>;
  /** A time-limited direct URL for one file; null when the API serves the file itself. */
  presignedUrl(exportId: string, name: string, opts: { expiresIn: number; downloadName: string }): Promise<string | null>;
  /** One file as a stream; null when the API serves it from the local folder. */
  openRead(exportId: string, name: string): Promise<Readable | null>;
};

export function createLocalStorage(exportDir: string): TExportStorage {
  return {
    kind: "local",
    publish: async () => {},
    remove: (exportId) => rm(exportFolder(exportDir, exportId), { recursive: true, force: true }),
    presignedUrl: async () => null,
    openRead: async () => null,
  };
}

/** S3 when S3_BUCKET is set, the local folder otherwise. */
export function createExportStorage(config: TConfig): TExportStorage {
  if (config.S3_BUCKET) {
    return createS3Storage(
      {
        bucket: config.S3_BUCKET,
        endpoint: config.S3_ENDPOINT,
        region: config.S3_REGION,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
      },
      config.EXPORT_DIR,
    );
  }
  return createLocalStorage(config.EXPORT_DIR);
}

/** The storage an existing export's files are in: the configured one, or the local folder. */
export function storageFor(row: { storage: string }, configured: TExportStorage, exportDir: string): TExportStorage {
  if (row.storage === configured.kind) return configured;
  if (row.storage === "local") return createLocalStorage(exportDir);
  throw new AppError("SERVICE_UNAVAILABLE", `This export's files are in ${row.storage}, which is not configured on this server`);
}
