import type { TMessage } from "../items.ts";

/**
 * The prompt as used for split assignment: message contents joined with a newline, Unicode-normalised
 * (NFKC), case-folded and with every whitespace run collapsed to one space. Prompts that differ only
 * in case, spacing or line breaks normalise to the same string, so they always land in the same split.
 */
export function normalizePrompt(messages: readonly TMessage[]): string {
  return messages
    .map((m) => m.content)
    .join("\n")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .trim();
}

const ROLE_LABEL: Record<TMessage["role"], string> = { system: "System", user: "User", assistant: "Assistant" };

/**
 * A chat prompt as one plain string, for the "standard" (non-conversational) formats: a single user
 * turn is its content; anything longer is a role-labelled transcript ("User: …\n\nAssistant: …").
 */
export function renderPromptText(messages: readonly TMessage[]): string {
  const [only] = messages;
  if (messages.length === 1 && only?.role === "user") return only.content;
  return messages.map((m) => `${ROLE_LABEL[m.role]}: ${m.content}`).join("\n\n");
}

/**
 * A prompt in Anthropic HH-RLHF transcript form, ending just before the final assistant turn:
 * "\n\nHuman: …\n\nAssistant: …\n\nHuman: …". HH-RLHF has no system turn; a system message is put
 * before the first "\n\nHuman:", where Anthropic's legacy text-completion prompts carried it.
 * (The layout is the one TRL's `examples/datasets/hh-rlhf-helpful-base.py` parses back into messages.)
 */
export function renderHhPrompt(messages: readonly TMessage[]): string {
  let out = "";
  for (const m of messages) {
    if (m.role === "system") out += m.content;
    else out += `${m.role === "user" ? "\n\nHuman: " : "\n\nAssistant: "}${m.content}`;
  }
  return out;
}

/** A full HH-RLHF transcript: the prompt followed by the response as the last assistant turn. */
export function renderHhTranscript(messages: readonly TMessage[], response: string): string {
  return `${renderHhPrompt(messages)}\n\nAssistant: ${response}`;
}
