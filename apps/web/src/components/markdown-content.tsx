"use client";

import { type ComponentProps, memo, useEffect, useMemo, useState } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { fenceLanguages, rehypePluginsFor } from "../lib/markdown-schema.ts";

type TMdNode = { type: string; value?: string; children?: TMdNode[] };

const BLOCK_PARENTS = new Set(["root", "blockquote", "listItem"]);

/** A text node with its line breaks as `break` nodes (`<br>`). */
function withBreaks(value: string): TMdNode[] {
  return value
    .split(/\r?\n/)
    .flatMap((line, i) => (i === 0 ? [{ type: "text", value: line }] : [{ type: "break" }, { type: "text", value: line }]));
}

/**
 * Model output is untrusted and is judged as written:
 * - raw HTML is never rendered, but not silently dropped either (a response that answers in HTML
 *   must look like one): every HTML node becomes plain text;
 * - single newlines stay line breaks, as in a chat window (poems, addresses, step lists).
 */
function remarkAsWritten() {
  const walk = (node: TMdNode) => {
    const children = node.children;
    if (!children) return;
    node.children = children.flatMap((child): TMdNode[] => {
      if (child.type === "html") {
        const text = withBreaks(child.value ?? "");
        return BLOCK_PARENTS.has(node.type) ? [{ type: "paragraph", children: text }] : text;
      }
      if (child.type === "text" && child.value?.includes("\n")) return withBreaks(child.value.replace(/\n+$/, ""));
      walk(child);
      return [child];
    });
  };
  return (tree: TMdNode) => walk(tree);
}

/** Model headings sit under the card's own h3, so they are shifted down to keep the outline. */
function shiftedHeading(level: 4 | 5 | 6) {
  const Tag = `h${level}` as const;
  return ({ node: _node, ...props }: ComponentProps<"h1"> & { node?: unknown }) => <Tag {...props} />;
}

const components: Components = {
  h1: shiftedHeading(4),
  h2: shiftedHeading(4),
  h3: shiftedHeading(5),
  h4: shiftedHeading(6),
  h5: shiftedHeading(6),
  h6: shiftedHeading(6),
  a: ({ node: _node, href, children, ...props }) => (
    <a {...props} href={href} target="_blank" rel="noopener noreferrer nofollow ugc">
      {children}
    </a>
  ),
  table: Table,
  pre: ({ node: _node, ...props }) => (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: long lines scroll inside the block, which must be reachable by keyboard to be read (WCAG 2.1.1)
    <pre {...props} tabIndex={0} />
  ),
  // Remote images in model output would load from arbitrary hosts (tracking, unsafe content):
  // show what the image would be instead of fetching it.
  img: ({ alt, src }) => (
    <span className="md-image" title={typeof src === "string" ? src : undefined}>
      [image{alt ? `: ${alt}` : ""}]
    </span>
  ),
};

const REMARK_PLUGINS = [remarkGfm, remarkAsWritten];
type THighlighter = typeof import("./code-highlight.ts").rehypeHighlightCode;

/**
 * The highlighter for the fenced languages in `source`, or null until it has loaded (or when no
 * block names a language it knows). Code renders plain first and takes its colours when the grammar
 * arrives: only colours change, so nothing moves.
 */
function useHighlighter(source: string): THighlighter | null {
  const langs = useMemo(() => fenceLanguages(source).join(" "), [source]);
  const [highlighter, setHighlighter] = useState<THighlighter | null>(null);
  useEffect(() => {
    if (!langs) return;
    let live = true;
    import("./code-highlight.ts")
      .then((mod) => mod.loadHighlighter(langs.split(" ")))
      .then(
        (plugin) => {
          if (live) setHighlighter(() => plugin);
        },
        () => {}, // the chunk did not load: the code stays plain, still readable
      );
    return () => {
      live = false;
    };
  }, [langs]);
  return highlighter;
}

/** Wide tables scroll inside the card instead of stretching it. */
function Table({ node: _node, ...props }: ComponentProps<"table"> & { node?: unknown }) {
  return (
    <div className="md-table">
      <table {...props} />
    </div>
  );
}

/**
 * Renders untrusted markdown (GitHub-flavoured: tables, task lists, strikethrough, autolinks):
 * no raw HTML, sanitized URLs and attributes, no remote images.
 */
export const MarkdownContent = memo(function MarkdownContent({ source, className }: { source: string; className?: string }) {
  const highlighter = useHighlighter(source);
  return <MarkdownView source={source} className={className} highlighter={highlighter} />;
});

/**
 * The rendering itself, with an optional highlighter that runs before the sanitizer, so its output
 * obeys the same schema (only `hljs…`/`language-…` classes on code and spans).
 */
export function MarkdownView({
  source,
  className,
  highlighter,
}: {
  source: string;
  className?: string;
  highlighter?: THighlighter | null;
}) {
  const rehypePlugins = useMemo(() => rehypePluginsFor(highlighter), [highlighter]);
  return (
    <div className={className ? `markdown ${className}` : "markdown"}>
      <Markdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={rehypePlugins} components={components}>
        {source}
      </Markdown>
    </div>
  );
}
