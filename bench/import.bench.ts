import { execFileSync } from "node:child_process";
import { Readable } from "node:stream";

import { createPrisma } from "../apps/api/src/lib/prisma.ts";
import { importItems, toItemRow } from "../apps/api/src/services/items/import-items.ts";
import { createProject } from "../apps/api/src/services/projects/create-project.ts";
import { type TBenchDb, createBenchDatabase } from "./bench-db.ts";

/** Streams N items through the JSONL importer and compares with COPY of the same rows. */
export async function runImportBench(items = 50_000) {
  const db: TBenchDb = await createBenchDatabase();
  const prisma = createPrisma(db.url, 4);
  try {
    const user = await prisma.user.create({ data: { email: "bench@rankwise.dev", name: "bench", role: "RESEARCHER" } });
    const project = await createProject(prisma, user.id, { name: "bench" });
    const lines = Array.from({ length: items }, (_, i) =>
      JSON.stringify({
        external_id: `b-${i}`,
        prompt: `Prompt ${i}: explain something in a few sentences.`,
        responses: Array.from({ length: 4 }, (_, r) => ({
          id: `r${r + 1}`,
          model: `m${r}`,
          content: `Response ${r} to prompt ${i}. `.repeat(8),
        })),
      }),
    );
    const body = `${lines.join("\n")}\n`;
    const t0 = performance.now();
    const result = await importItems(prisma, project.id, Readable.from([Buffer.from(body)]), { skipInvalid: false });
    const importMs = performance.now() - t0;
    if (result.created !== items) throw new Error(`imported ${result.created} of ${items}`);

    // The floor: COPY of the same normalised rows into an identical table, in the same database.
    const now = new Date().toISOString();
    const csv = lines
      .map((l, i) => {
        const row = toItemRow(JSON.parse(l), i + 1);
        const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
        return [project.id, `c-${i}`, q(JSON.stringify(row.prompt)), q(JSON.stringify(row.responses)), "{}", now].join(",");
      })
      .join("\n");
    const file = `/tmp/rankwise-bench-${process.pid}.csv`;
    await import("node:fs/promises").then((fs) => fs.writeFile(file, `${csv}\n`));
    const t1 = performance.now();
    execFileSync("psql", [
      db.url,
      "-qc",
      `\\copy items (project_id, external_id, prompt, responses, metadata, updated_at) FROM '${file}' WITH (FORMAT csv)`,
    ]);
    const copyMs = performance.now() - t1;
    return [
      { name: `import ${items} items (4 responses) via JSONL importer`, value: items / (importMs / 1000), unit: "items/s" },
      { name: "same rows via COPY (psql \\copy)", value: items / (copyMs / 1000), unit: "items/s" },
      { name: "importer / COPY", value: copyMs / importMs, unit: "ratio" },
    ];
  } finally {
    await prisma.$disconnect();
    await db.drop();
  }
}
