/**
 * Evidence for a rule verdict is a span of the response's original content string
 * (`{ start, end }`, end exclusive). The labeler gives it as a quote; these helpers find it.
 */
import type { TSpan } from "@rankwise/shared";

export type TQuoteMatch = TSpan & { /** How many places the quote matches; the first is used. */ count: number; exact: boolean };

/** Markup a rendered response hides (emphasis, code ticks), allowed between quoted characters. */
const INLINE_MARKUP = "[*_`~]*";
/** What a line break or list/quote/heading marker can look like where the quote has a space. */
const GAP = "(?:[\\s*_`~>#|]|[-+](?=\\s)|\\d+[.)](?=\\s))+";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function countExact(content: string, quote: string): number {
  let count = 0;
  for (let at = content.indexOf(quote); at !== -1; at = content.indexOf(quote, at + 1)) count++;
  return count;
}

/**
 * Finds `quote` in `content`: exactly first; otherwise as the text reads when rendered (a quote
 * copied from the formatted response has no `**`, backticks or list markers, and its line breaks
 * may be spaces). Returns null when the quote is not in the content.
 */
export function findQuote(content: string, quote: string): TQuoteMatch | null {
  if (quote.trim() === "") return null;
  const exactAt = content.indexOf(quote);
  if (exactAt !== -1) return { start: exactAt, end: exactAt + quote.length, count: countExact(content, quote), exact: true };

  const words = quote.trim().split(/\s+/);
  const pattern = words.map((w) => Array.from(w, escapeRegExp).join(INLINE_MARKUP)).join(GAP);
  // A quote of thousands of characters still makes a linear pattern; guard against absurd input.
  if (pattern.length > 60_000) return null;
  const re = new RegExp(pattern, "g");
  const first = re.exec(content);
  if (!first) return null;
  let count = 1;
  while (re.exec(content)) count++;
  return { start: first.index, end: first.index + first[0].length, count, exact: false };
}

/** The quoted text of a span, or null when the span does not fit the content. */
export function spanText(content: string, span: TSpan | null | undefined): string | null {
  if (!span || span.start < 0 || span.end > content.length || span.end <= span.start) return null;
  return content.slice(span.start, span.end);
}
