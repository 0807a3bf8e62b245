import { type TCriterion, type TFormDefinition, type TQuestion, type TQuestionType, ZFormDefinition, ZQuestion } from "@rankwise/shared";
import { friendlyMessage, type TFieldErrors, toFieldErrors } from "../field-errors.ts";

type TIssue = { path: readonly PropertyKey[]; message: string; code?: string };

/**
 * The form builder's model: the questions being edited, each with a client-side `key` that stays
 * put while the question's id, position or content change (drag and drop, React keys, errors).
 * Numbers being typed may be NaN; validation (the shared ZFormDefinition) says so at the field.
 */
export type TDraftQuestion = { key: string; q: TQuestion };
export type TDraft = TDraftQuestion[];

export const TYPE_LABELS: Record<TQuestionType, { label: string; hint: string }> = {
  ranking: { label: "Ranking", hint: "Order every response, best first" },
  pairwise: { label: "Pairwise", hint: "Pick the better of two, with strength" },
  rating: { label: "Rating", hint: "Score each response on a scale" },
  choice: { label: "Choice", hint: "One or several options" },
  text: { label: "Text", hint: "A written comment" },
  rules: { label: "Rules", hint: "Yes/no per rule and response" },
  steps: { label: "Steps", hint: "Good/neutral/wrong per reasoning step" },
};

let keySeq = 0;
/** Keys for questions added in the browser; never rendered on the server, so a counter is enough. */
export function newKey(): string {
  keySeq += 1;
  return `new-${keySeq}`;
}

/** Saved questions get positional keys, the same on the server and in the browser (hydration). */
export function fromDefinition(definition: TFormDefinition): TDraft {
  return definition.questions.map((q, i) => ({ key: `saved-${i}`, q }));
}

export function toDefinitionInput(draft: TDraft): { questions: TQuestion[] } {
  return { questions: draft.map((d) => d.q) };
}

/** `base`, or `base_2`, `base_3`… whichever is free. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A new question of `type` with sensible, valid defaults, so adding never starts with errors. */
export function newQuestion(type: TQuestionType, draft: TDraft, criteria: readonly TCriterion[]): TDraftQuestion {
  const id = uniqueId(type, new Set(draft.map((d) => d.q.id)));
  const criterion = type === "text" || type === "choice" ? null : (criteria[0]?.id ?? null);
  const common = { id, criterion };
  const input = (() => {
    switch (type) {
      case "ranking":
        return { ...common, type, title: "Rank the responses from best to worst" };
      case "pairwise":
        return { ...common, type, title: "Which response is better?" };
      case "rating":
        return { ...common, type, title: "Rate each response", min: 1, max: 7, labels: { "1": "Poor", "7": "Excellent" } };
      case "choice":
        return {
          ...common,
          type,
          title: "Does the best response follow the instructions?",
          options: [
            { value: "yes", label: "Yes" },
            { value: "partly", label: "Partly" },
            { value: "no", label: "No" },
          ],
        };
      case "text":
        return { ...common, type, title: "Anything else worth knowing?", required: false, placeholder: "Optional comment" };
      case "rules":
        return {
          ...common,
          type,
          title: "Does each response follow these rules?",
          rules: [{ id: "cites_sources", text: "Backs factual claims with a source", criterion: null }],
        };
      case "steps":
        return { ...common, type, title: "Label each reasoning step" };
    }
  })();
  return { key: newKey(), q: ZQuestion.parse(input) };
}

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
}

export type TValidation = {
  definition: TFormDefinition | null;
  /** Per question key: messages by field path relative to the question ("title", "options.1.value"). */
  byKey: Record<string, TFieldErrors>;
  /** Messages about the form as a whole (e.g. "add at least one question"). */
  form: string[];
  count: number;
};

/** Checks that the schema cannot express as a field message people understand. */
function extraIssues(draft: TDraft): TIssue[] {
  const out: TIssue[] = [];
  draft.forEach(({ q }, i) => {
    if (!q.condition) return;
    const wanted = Array.isArray(q.condition.equals) ? q.condition.equals : [q.condition.equals];
    if (wanted.length === 0 || wanted.every((v) => v === "")) {
      out.push({ path: ["questions", i, "condition", "equals"], message: "Pick the answer that shows this question" });
    }
  });
  return out;
}

/** Validates the draft with the API's own schema and places every message at its question and field. */
export function validateDraft(draft: TDraft): TValidation {
  const parsed = ZFormDefinition.safeParse(toDefinitionInput(draft));
  const extra = extraIssues(draft);
  const issues = [...(parsed.success ? [] : parsed.error.issues), ...extra];
  return { ...placeIssues(draft, issues), definition: parsed.success && extra.length === 0 ? parsed.data : null };
}

/** Maps issues with paths like ["questions", 2, "title"] (local or from the API, prefix stripped) onto the draft. */
export function placeIssues(draft: TDraft, issues: readonly TIssue[]): Omit<TValidation, "definition"> {
  const byKey: Record<string, TFieldErrors> = {};
  const form: string[] = [];
  let count = 0;
  const grouped = new Map<number, TIssue[]>();
  for (const issue of issues) {
    const [head, index] = issue.path;
    if (head === "questions" && typeof index === "number" && draft[index]) {
      const list = grouped.get(index) ?? [];
      list.push(issue);
      grouped.set(index, list);
    } else {
      form.push(issue.path.length === 1 && issue.code === "too_small" ? "Add at least one question" : friendlyMessage(issue));
      count++;
    }
  }
  for (const [index, list] of grouped) {
    const key = draft[index]?.key;
    if (!key) continue;
    const errors = toFieldErrors(list, 2);
    // The field message is what people read; the extra check's wording wins over zod's for the same field.
    const condition = errors["condition.equals"];
    if (condition && condition.length > 1) errors["condition.equals"] = [condition[condition.length - 1] as string];
    byKey[key] = errors;
    count += Object.values(errors).reduce((n, m) => n + m.length, 0);
  }
  return { byKey, form, count };
}

/** Earlier questions a condition may point at (the schema allows choice and text only). */
export function conditionTargets(draft: TDraft, index: number): TQuestion[] {
  return draft
    .slice(0, index)
    .map((d) => d.q)
    .filter((q) => q.type === "choice" || q.type === "text");
}

/** Stable text for "has anything changed since the last save". */
export function fingerprint(draft: TDraft): string {
  return JSON.stringify(toDefinitionInput(draft));
}
