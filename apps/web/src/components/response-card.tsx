import { MarkdownContent } from "./markdown-content.tsx";

type TProps = {
  responseId: string;
  letter: string;
  hue: number;
  content: string;
  rank: number;
  total: number;
  tied: boolean;
  active: boolean;
};

/** One model response in full, with where it currently sits in the labeler's ranking. */
export function ResponseCard({ responseId, letter, hue, content, rank, total, tied, active }: TProps) {
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
        <span className="response-card-rank" data-tied={tied} data-testid="response-card-rank">
          Rank {rank}
          {tied ? " (tied)" : ""}
          <span className="visually-hidden"> of {total}</span>
        </span>
      </header>
      <div className="response-card-body">
        <MarkdownContent source={content} />
      </div>
    </article>
  );
}
