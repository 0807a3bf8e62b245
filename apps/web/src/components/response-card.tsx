import { MarkdownContent } from "./markdown-content.tsx";

type TProps = {
  responseId: string;
  letter: string;
  hue: number;
  content: string;
  /** Where the response sits in the labeler's ranking ("Rank 2 (tied)"), when the form ranks. */
  badge: string | null;
  badgeTied: boolean;
  /** The focused answer control is about this response. */
  active: boolean;
};

/** One model response in full. */
export function ResponseCard({ responseId, letter, hue, content, badge, badgeTied, active }: TProps) {
  const headingId = `response-${responseId}-title`;
  return (
    <article
      className="panel response-card"
      aria-labelledby={headingId}
      data-active={active}
      data-testid="response-card"
      data-response-id={responseId}
    >
      <header className="response-card-head">
        <span className="letter-chip" data-hue={hue} aria-hidden="true">
          {letter}
        </span>
        <h3 id={headingId}>Response {letter}</h3>
        {badge && (
          <span className="response-card-rank" data-tied={badgeTied} data-testid="response-card-rank">
            {badge}
          </span>
        )}
      </header>
      <div className="response-card-body">
        <MarkdownContent source={content} />
      </div>
    </article>
  );
}
