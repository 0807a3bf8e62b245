import { splitSteps, type TFormDefinition, type TMessage, type TResponse, type TTask } from "@rankwise/shared";
import { choosePairs } from "./sample-pairs.ts";
import { shuffleSeeded } from "./shuffle.ts";

/**
 * An item as a labeler sees it, for live tasks and screening tests alike: prompt and responses in the
 * seeded display order, plus the pair each pairwise question compares. Nothing else: no role, flags,
 * counts, metadata or gold, so gold items cannot be told apart from live ones.
 */
export function renderTaskItem(
  item: { id: string; prompt: unknown; responses: unknown; gold?: { answers: unknown } | null },
  form: TFormDefinition,
  seed: number,
  pairs?: Record<string, [string, string]>,
): { item: TTask["item"]; pairs: TTask["pairs"] } {
  const stored = item.responses as TResponse[];
  const withSteps = form.questions.some((q) => q.type === "steps");
  const responses = stored.map((r) =>
    withSteps ? { id: r.id, content: r.content, steps: splitSteps(r) } : { id: r.id, content: r.content },
  );
  return {
    item: { id: item.id, prompt: item.prompt as TMessage[], responses: shuffleSeeded(responses, seed) },
    pairs:
      pairs ??
      choosePairs(
        form,
        stored.map((r) => r.id),
        seed,
        item.gold?.answers,
      ),
  };
}
