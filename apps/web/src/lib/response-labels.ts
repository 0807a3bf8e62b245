/** "A", "B", … by display position: labelers talk about responses by letter, never by id. */
export function responseLetter(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `R${index + 1}`;
}

/** One of the stylesheet's eight letter-chip colours. */
export function responseHue(index: number): number {
  return index % 8;
}

/**
 * A one-line preview of markdown for the ranking rows: markup removed, whitespace collapsed.
 * Literal HTML stays visible as text, as it does in the full response.
 */
export function markdownSnippet(markdown: string, max = 140): string {
  const text = markdown
    .replace(/```[^\n]*\n?/g, " ")
    // GFM tables: delimiter rows go, cell pipes become separators ("| x | y |" → "x · y").
    .replace(/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/gm, " ")
    .replace(/^\s*\|(.*)\|\s*$/gm, (_, cells: string) =>
      cells
        .split("|")
        .map((c) => c.trim())
        .join(" · "),
    )
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/(\*\*|~~|`)/g, "")
    // Emphasis markers only where they wrap words, so snake_case and __dunder__ names survive.
    .replace(/(^|\s)\*+(?=\S)/g, "$1")
    .replace(/(?<=\S)\*+(?=\s|$|[.,;:!?)])/g, "")
    .replace(/(^|\s)_([^_\s](?:[^_]*[^_\s])?)_(?=\s|$|[.,;:!?)])/g, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length === 0) return "(empty response)";
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
