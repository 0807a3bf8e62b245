import path from "node:path";

/** Every export lives in its own folder; files are addressed by split name only. */
export function exportFolder(exportDir: string, exportId: string): string {
  return path.resolve(exportDir, exportId);
}

export function splitFileName(split: string): string {
  return `${split}.jsonl`;
}
