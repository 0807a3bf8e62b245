import type { TMessage, TResponse } from "../items.ts";
import { hash52 } from "./hash.ts";
import { renderHhPrompt, renderPromptText } from "./prompt-text.ts";

/**
 * One item with its JSON fragments serialised once and reused by every row built from it: a response's
 * content is escaped once however many pairs it appears in. This is what keeps row building close to
 * the speed of writing bytes.
 */
export class ItemView {
  private readonly byId: Map<string, TResponse>;
  private readonly json = new Map<string, string>();
  private readonly hashes = new Map<string, number>();
  private cache: Partial<Record<"prompt" | "promptText" | "promptTextJson" | "promptInner" | "hhPrompt", string>> = {};
  private promptHashValue: number | undefined;

  constructor(
    readonly externalId: string,
    readonly prompt: readonly TMessage[],
    readonly responses: readonly TResponse[],
  ) {
    this.byId = new Map(responses.map((r) => [r.id, r]));
  }

  get responseIds(): string[] {
    return this.responses.map((r) => r.id);
  }

  response(id: string): TResponse | undefined {
    return this.byId.get(id);
  }

  content(id: string): string {
    return this.byId.get(id)?.content ?? "";
  }

  /** JSON of the response's content string. */
  contentJson(id: string): string {
    let s = this.json.get(id);
    if (s === undefined) {
      s = JSON.stringify(this.content(id));
      this.json.set(id, s);
    }
    return s;
  }

  /** `{"role":"assistant","content":…}` for the response. */
  assistantTurn(id: string): string {
    return `{"role":"assistant","content":${this.contentJson(id)}}`;
  }

  /** The prompt messages as a JSON array, keys in {role, content} order. */
  get promptJson(): string {
    this.cache.prompt ??= JSON.stringify(this.prompt.map((m) => ({ role: m.role, content: m.content })));
    return this.cache.prompt;
  }

  /** The prompt messages without the surrounding brackets, to open an implicit-prompt conversation. */
  get promptInner(): string {
    this.cache.promptInner ??= this.promptJson.slice(1, -1);
    return this.cache.promptInner;
  }

  get promptText(): string {
    this.cache.promptText ??= renderPromptText(this.prompt);
    return this.cache.promptText;
  }

  get promptTextJson(): string {
    this.cache.promptTextJson ??= JSON.stringify(this.promptText);
    return this.cache.promptTextJson;
  }

  get hhPrompt(): string {
    this.cache.hhPrompt ??= renderHhPrompt(this.prompt);
    return this.cache.hhPrompt;
  }

  /** Hash of the exact prompt (not normalised): identical rows are identical bytes. */
  get promptHash(): number {
    this.promptHashValue ??= hash52(this.promptJson);
    return this.promptHashValue;
  }

  contentHash(id: string): number {
    let h = this.hashes.get(id);
    if (h === undefined) {
      h = hash52(this.content(id));
      this.hashes.set(id, h);
    }
    return h;
  }
}
