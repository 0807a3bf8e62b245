import type { TMessage } from "@rankwise/shared";
import { MarkdownContent } from "./markdown-content.tsx";

const ROLE_NAMES: Record<TMessage["role"], string> = { system: "System", user: "User", assistant: "Assistant" };

/** The conversation the responses answer, one turn per row. */
export function PromptThread({ messages }: { messages: TMessage[] }) {
  return (
    <ol className="prompt-thread" aria-label="Prompt" data-testid="prompt">
      {messages.map((m, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: turns have no id and never reorder
        <li key={i} className="turn" data-role={m.role}>
          <div className="turn-role">{ROLE_NAMES[m.role]}</div>
          <MarkdownContent source={m.content} />
        </li>
      ))}
    </ol>
  );
}
