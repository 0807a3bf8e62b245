import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

type TNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type TProfile = { nodes: TNode[]; startTime: number; endTime: number; samples: number[] };

/** Where a frame's code lives: a package, node itself, or our own source. */
function areaOf(url: string): string {
  if (!url) return "(native / gc / idle)";
  if (url.startsWith("node:")) return "node internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const own = /\/(apps\/[^/]+\/src\/[^?]+|packages\/[^/]+\/src\/[^?]+)/.exec(url)?.[1];
  return own ? own.replace(/\/[^/]+$/, "/") : url;
}

/**
 * Prints the CPU profiles the API wrote (`node --cpu-prof`): busy share, the top functions by self
 * time, and self time by package/folder. Idle time is left out of the shares.
 */
export async function summarizeCpuProfiles(dir: string, print: (line: string) => void) {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let busy = 0;
  let total = 0;
  for (const f of files) {
    const prof = JSON.parse(await readFile(path.join(dir, f), "utf8")) as TProfile;
    const perSample = (prof.endTime - prof.startTime) / 1000 / Math.max(1, prof.samples.length);
    for (const n of prof.nodes) {
      const ms = (n.hitCount ?? 0) * perSample;
      total += ms;
      const { functionName, url, lineNumber } = n.callFrame;
      if (functionName === "(idle)" || functionName === "(program)") continue;
      busy += ms;
      const key = `${functionName || "(anonymous)"} ${url ? `${url.replace(/^.*?(node_modules|apps|packages)\//, "$1/")}:${lineNumber + 1}` : ""}`;
      self.set(key, (self.get(key) ?? 0) + ms);
      const area = functionName === "(garbage collector)" ? "(garbage collector)" : areaOf(url);
      areas.set(area, (areas.get(area) ?? 0) + ms);
    }
  }
  print(
    `\n  CPU profile of the API (${files.length} process${files.length === 1 ? "" : "es"}): busy ${(busy / 1000).toFixed(1)} s of ${(total / 1000).toFixed(1)} s sampled`,
  );
  print("    self time by package / folder");
  for (const [k, v] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 15))
    print(`      ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
  print("    top functions by self time");
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    print(`      ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k.slice(0, 150)}`);
}
