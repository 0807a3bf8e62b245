import { type ComponentProps, memo } from "react";
import Markdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

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
  // Remote images in model output would load from arbitrary hosts (tracking, unsafe content):
  // show what the image would be instead of fetching it.
  table: Table,
  img: ({ alt, src }) => (
    <span className="md-image" title={typeof src === "string" ? src : undefined}>
      [image{alt ? `: ${alt}` : ""}]
    </span>
  ),
};

const REMARK_PLUGINS = [remarkGfm, remarkAsWritten];
const REHYPE_PLUGINS = [rehypeSanitize];

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
  return (
    <div className={className ? `markdown ${className}` : "markdown"}>
      <Markdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={REHYPE_PLUGINS} components={components}>
        {source}
      </Markdown>
    </div>
  );
});
