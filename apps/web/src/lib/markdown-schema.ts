import type { Options as TMarkdownOptions } from "react-markdown";
import rehypeSanitize, { defaultSchema, type Options as TSanitizeSchema } from "rehype-sanitize";

/** Highlighter classes (`hljs`, `hljs-keyword`, `language-python`): the only classes code may carry. */
const CODE_CLASSES = ["className", "hljs", /^hljs-[a-z_-]+$/, /^language-[\w+#-]+$/] as const;

/**
 * The one sanitize schema for model output, applied after the highlighter, so highlighted code goes
 * through it like everything else: GitHub's default rules, plus highlighter classes on `code` and
 * `span` (no other attribute, no other class).
 */
export const SANITIZE_SCHEMA: TSanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [[...CODE_CLASSES]],
    span: [[...CODE_CLASSES]],
  },
};

/** Opening fence lines (also inside lists and quotes), capturing the info string's first word. */
const FENCE_INFO = /^[ \t>*+\-\d.]*(?:`{3,}|~{3,})[ \t]*([^\s`{]+)/gm;

/** The languages named on the fenced code blocks of `source`, lower-cased, without repeats. */
export function fenceLanguages(source: string): string[] {
  const langs = new Set<string>();
  for (const m of source.matchAll(FENCE_INFO)) if (m[1]) langs.add(m[1].toLowerCase());
  return [...langs];
}

type TPluginList = NonNullable<TMarkdownOptions["rehypePlugins"]>;
type TPlugin = TPluginList[number];

/** Rehype plugins for model output: the highlighter when there is one, then always the sanitizer. */
export function rehypePluginsFor(highlighter?: TPlugin | null): TPluginList {
  const sanitize: TPlugin = [rehypeSanitize, SANITIZE_SCHEMA];
  return highlighter ? [highlighter, sanitize] : [sanitize];
}
