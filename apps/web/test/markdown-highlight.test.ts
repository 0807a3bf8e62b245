import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import Markdown from "react-markdown";
import { describe, expect, it } from "vitest";
import { loadHighlighter } from "../src/components/code-highlight.ts";
import { fenceLanguages, rehypePluginsFor } from "../src/lib/markdown-schema.ts";

const SOURCE = [
  "Try this:",
  "",
  "```python",
  "def greet(name):",
  '    return f"hi {name}"  # says hi',
  "```",
  "",
  "- and in a list:",
  "  ~~~ts",
  "  const n: number = 1;",
  "  ~~~",
  "",
  "```html",
  '<script>alert("x")</script>',
  "```",
  "",
  "```brainfuck",
  "++[>+<-]",
  "```",
].join("\n");

/** Renders as MarkdownContent does (markdown-content.tsx is JSX, which this test runner does not compile). */
function render(source: string, highlighter: Parameters<typeof rehypePluginsFor>[0] = null): string {
  return renderToStaticMarkup(createElement(Markdown, { rehypePlugins: rehypePluginsFor(highlighter) }, source));
}

/** Every class attribute value in `html`, split into single classes. */
function classesIn(html: string): string[] {
  return [...html.matchAll(/class="([^"]*)"/g)].flatMap((m) => (m[1] ?? "").split(/\s+/).filter(Boolean));
}

describe("fenceLanguages", () => {
  it("reads the first word of every fence's info string, in lists too, once each", () => {
    expect(fenceLanguages(SOURCE)).toEqual(["python", "ts", "html", "brainfuck"]);
    expect(fenceLanguages("```\nplain\n```\n\n```Python {linenos}\nx\n```")).toEqual(["python"]);
    expect(fenceLanguages("no code here, only `inline`")).toEqual([]);
  });
});

describe("markdown rendering with the highlighter", () => {
  it("renders code plain until the highlighter is there", () => {
    const html = render(SOURCE);
    expect(html).toContain('<code class="language-python">def greet(name):');
    expect(html).not.toContain("hljs");
  });

  it("highlights known languages and aliases, and leaves unknown ones plain", async () => {
    const plugin = await loadHighlighter(fenceLanguages(SOURCE));
    expect(plugin).not.toBeNull();
    const html = render(SOURCE, plugin);
    expect(html).toContain('<code class="language-python hljs">');
    expect(html).toContain('<span class="hljs-keyword">def</span>');
    expect(html).toContain('<span class="hljs-comment"># says hi</span>');
    expect(html).toContain('<code class="language-ts hljs">');
    expect(html).toMatch(/<span class="hljs-type">number<\/span>|<span class="hljs-built_in">number<\/span>/);
    expect(html).toContain('<code class="language-brainfuck">++[&gt;+&lt;-]\n</code>');
    // Hostile HTML in a fence is highlighted as text, never markup.
    expect(html).toContain('<code class="language-html hljs">');
    expect(html).not.toContain("<script");
    expect(html).toContain('<span class="hljs-tag">&lt;<span class="hljs-name">script</span>&gt;</span>alert(');
  });

  it("keeps only highlighter classes: the sanitizer drops anything else a plugin adds", async () => {
    const plugin = await loadHighlighter(["python"]);
    const html = render("```python\nclass A: pass\n```", plugin);
    const classes = classesIn(html);
    expect(classes.length).toBeGreaterThan(2);
    for (const c of classes) expect(c).toMatch(/^(hljs|hljs-[a-z_-]+|language-[\w+#-]+)$/);
    // highlight.js nests "title class_" for class names: the non-hljs part is dropped.
    expect(html).toContain('<span class="hljs-title">A</span>');

    const hostile = () => (tree: { children: unknown[] }) => {
      tree.children.push({
        type: "element",
        tagName: "span",
        properties: { className: ["hljs-string", "evil", "md-image"], style: "color:red", onClick: "alert(1)", id: "x" },
        children: [{ type: "text", value: "injected" }],
      });
      tree.children.push({ type: "element", tagName: "div", properties: { className: ["hljs"] }, children: [] });
      tree.children.push({ type: "element", tagName: "script", properties: {}, children: [{ type: "text", value: "alert(1)" }] });
    };
    const out = render("text", hostile as never);
    // (ids are prefixed by the default schema so they cannot clobber the page's own)
    expect(out).toContain('<span class="hljs-string" id="user-content-x">injected</span><div></div>');
    expect(out).not.toMatch(/evil|md-image|style=|onclick|<script|alert/i);
  });

  it("resolves to null when no fenced language is known", async () => {
    expect(await loadHighlighter(["brainfuck", "text"])).toBeNull();
  });
});
