import path from "node:path";

/** Every export lives in its own folder; files are addressed by name only. */
export function exportFolder(exportDir: string, exportId: string): string {
  return path.resolve(exportDir, exportId);
}
