/**
 * Syntax highlighting for fenced code in model output. Loaded with a dynamic import, and only when a
 * response has a fenced block naming a language, so the labeling page's first load does not carry it;
 * each grammar is its own chunk, fetched on first use. No auto-detection: a block is highlighted
 * only in the language its fence names, and unknown languages stay plain.
 */
import type { Element, ElementContent, Root, RootContent } from "hast";
import type { LanguageFn } from "highlight.js";
import { createLowlight } from "lowlight";

type TGrammarModule = { default: LanguageFn };

const GRAMMARS: Record<string, () => Promise<TGrammarModule>> = {
  bash: () => import("highlight.js/lib/languages/bash"),
  c: () => import("highlight.js/lib/languages/c"),
  cpp: () => import("highlight.js/lib/languages/cpp"),
  csharp: () => import("highlight.js/lib/languages/csharp"),
  css: () => import("highlight.js/lib/languages/css"),
  diff: () => import("highlight.js/lib/languages/diff"),
  go: () => import("highlight.js/lib/languages/go"),
  java: () => import("highlight.js/lib/languages/java"),
  javascript: () => import("highlight.js/lib/languages/javascript"),
  json: () => import("highlight.js/lib/languages/json"),
  kotlin: () => import("highlight.js/lib/languages/kotlin"),
  markdown: () => import("highlight.js/lib/languages/markdown"),
  php: () => import("highlight.js/lib/languages/php"),
  python: () => import("highlight.js/lib/languages/python"),
  ruby: () => import("highlight.js/lib/languages/ruby"),
  rust: () => import("highlight.js/lib/languages/rust"),
  sql: () => import("highlight.js/lib/languages/sql"),
  swift: () => import("highlight.js/lib/languages/swift"),
  typescript: () => import("highlight.js/lib/languages/typescript"),
  xml: () => import("highlight.js/lib/languages/xml"),
  yaml: () => import("highlight.js/lib/languages/yaml"),
};

/** What people write after the fence, mapped to the grammar that reads it. */
const ALIASES: Record<string, keyof typeof GRAMMARS> = {
  sh: "bash",
  shell: "bash",
  zsh: "bash",
  console: "bash",
  h: "c",
  "c++": "cpp",
  cc: "cpp",
  hpp: "cpp",
  cs: "csharp",
  "c#": "csharp",
  patch: "diff",
  golang: "go",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsonc: "json",
  json5: "json",
  kt: "kotlin",
  md: "markdown",
  py: "python",
  python3: "python",
  rb: "ruby",
  rs: "rust",
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  html: "xml",
  svg: "xml",
  xhtml: "xml",
  yml: "yaml",
};

const lowlight = createLowlight();
const loading = new Map<string, Promise<void>>();

function grammarName(lang: string): string | undefined {
  const key = lang.toLowerCase();
  if (Object.hasOwn(GRAMMARS, key)) return key;
  return Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
}

function ensureGrammar(name: string): Promise<void> {
  let pending = loading.get(name);
  if (!pending) {
    const load = GRAMMARS[name];
    pending = load ? load().then((mod) => lowlight.register(name, mod.default)) : Promise.resolve();
    // A chunk that fails to load (offline, deploy in between) leaves the block plain; a later render may retry.
    pending = pending.catch(() => {
      loading.delete(name);
    });
    loading.set(name, pending);
  }
  return pending;
}

function textOf(node: ElementContent): string {
  if (node.type === "text") return node.value;
  return node.type === "element" ? node.children.map(textOf).join("") : "";
}

function languageOf(code: Element): string | undefined {
  const classes = code.properties.className;
  if (!Array.isArray(classes)) return undefined;
  for (const c of classes) if (typeof c === "string" && c.startsWith("language-")) return grammarName(c.slice("language-".length));
  return undefined;
}

function highlightCode(code: Element): void {
  const name = languageOf(code);
  if (!name || !lowlight.registered(name)) return;
  const tree = lowlight.highlight(name, code.children.map(textOf).join(""));
  code.children = tree.children as ElementContent[];
  const classes = Array.isArray(code.properties.className) ? code.properties.className : [];
  code.properties.className = [...classes, "hljs"];
}

function walk(node: Root | RootContent): void {
  if (node.type !== "root" && node.type !== "element") return;
  for (const child of node.children) {
    if (node.type === "element" && node.tagName === "pre" && child.type === "element" && child.tagName === "code") highlightCode(child);
    else walk(child);
  }
}

/** Rehype plugin: highlights `pre > code.language-*` with the grammars loaded so far (run it before sanitizing). */
export function rehypeHighlightCode() {
  return (tree: Root) => walk(tree);
}

/**
 * Loads the grammars for `langs` (fence names, aliases allowed). Resolves to the plugin when at
 * least one of them is known, or null when none is, so the caller keeps its plain rendering.
 */
export async function loadHighlighter(langs: readonly string[]): Promise<typeof rehypeHighlightCode | null> {
  const names = [...new Set(langs.map(grammarName).filter((n): n is string => n !== undefined))];
  await Promise.all(names.map(ensureGrammar));
  if (!names.some((n) => lowlight.registered(n))) return null;
  // A new function each time, so a component that already had one re-renders with the new grammars.
  return () => rehypeHighlightCode();
}
