/**
 * Checks answers with the API's own schema (`buildAnswerSchema` from @rankwise/shared) and turns
 * its issues into short messages per question, in the labeler's terms: responses by letter,
 * rules and steps by number. Server 400 issues (`["body", "answers", questionId, …]`) map the same way.
 */
import { buildAnswerSchema, type TAnswers, type TErrorIssue, type TFormDefinition, type TQuestion } from "@rankwise/shared";
import { pruneHiddenAnswers, type TFormResponse } from "./form-answers.ts";

export type TQuestionErrors = Record<string, string[]>;
type TPath = readonly PropertyKey[];

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "Response B" for a response id; the id itself when it is not one of this item's responses. */
function responseName(id: string, labels: Record<string, string>): string {
  return Object.hasOwn(labels, id) ? `Response ${labels[id]}` : id;
}

/** Replaces response ids that appear as whole tokens in a message by their display names. */
function replaceIds(message: string, labels: Record<string, string>): string {
  let out = message;
  for (const id of Object.keys(labels).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_.:-])${escapeRegExp(id)}(?![A-Za-z0-9_.:-])`, "g"), responseName(id, labels));
  }
  return out;
}

function ruleNames(q: TQuestion, ids: string[]): string {
  if (q.type !== "rules") return ids.join(", ");
  return ids
    .map((id) => {
      const i = q.rules.findIndex((r) => r.id === id);
      return i === -1 ? id : `rule ${i + 1}`;
    })
    .join(", ");
}

/** One issue as a sentence; `path` starts after the question id. */
export function describeIssue(q: TQuestion, path: TPath, message: string, labels: Record<string, string>): string {
  const [first, second] = path;
  const responseId = typeof first === "string" && Object.hasOwn(labels, first) ? first : null;
  const who = responseId ? `${responseName(responseId, labels)}: ` : "";
  if (path.length === 0 && message === "required") return "Answer this question.";

  const missingIds = /^missing response ids: (.+)$/.exec(message);
  if (missingIds?.[1]) {
    const names = missingIds[1].split(", ").map((id) => responseName(id, labels));
    const what =
      q.type === "rating" ? "Rate" : q.type === "rules" ? "Give verdicts for" : q.type === "steps" ? "Label the steps of" : "Include";
    return `${what} ${names.join(", ")}.`;
  }
  const missingRules = /^missing verdicts for rules: (.+)$/.exec(message);
  if (missingRules?.[1]) return `${who}no verdict yet for ${ruleNames(q, missingRules[1].split(", "))}.`;

  if (q.type === "steps" && responseId && typeof second === "number") {
    return `${who}step ${second + 1} has no label (+1, 0 or −1).`;
  }
  const stepCount = /^expected (\d+) step labels/.exec(message);
  if (q.type === "steps" && stepCount) {
    const stop = q.stopAtFirstNegative ? " (or stop at the first −1)" : "";
    return `${who}label all ${stepCount[1]} steps${stop}.`;
  }
  if (q.type === "rules" && responseId && typeof second === "string" && path[2] === "evidence") {
    return sentence(`${who}${ruleNames(q, [second])}: ${message}`);
  }
  return sentence(`${who}${replaceIds(message, labels)}`);
}

function pushUnique(errors: TQuestionErrors, questionId: string, message: string): void {
  const list = errors[questionId] ?? [];
  if (!list.includes(message)) list.push(message);
  errors[questionId] = list;
}

/**
 * Groups issues (paths starting at the question id) by question. Issues that name no question of
 * this form are returned in `other`.
 */
export function issuesByQuestion(
  form: TFormDefinition,
  issues: readonly { path: TPath; message: string }[],
  labels: Record<string, string>,
): { errors: TQuestionErrors; other: string[] } {
  const byId = new Map(form.questions.map((q) => [q.id, q]));
  const errors: TQuestionErrors = {};
  const other: string[] = [];
  for (const issue of issues) {
    const [head, ...rest] = issue.path;
    const q = typeof head === "string" ? byId.get(head) : undefined;
    if (!q) other.push(sentence(replaceIds(issue.message, labels)));
    else pushUnique(errors, q.id, describeIssue(q, rest, issue.message, labels));
  }
  return { errors, other };
}

/** The API's 400 issues: `["body", "answers", questionId, …]` belong to that question. */
export function serverIssuesByQuestion(
  form: TFormDefinition,
  issues: readonly TErrorIssue[],
  labels: Record<string, string>,
): { errors: TQuestionErrors; other: string[] } {
  const answerIssues: { path: TPath; message: string }[] = [];
  const other: string[] = [];
  for (const issue of issues) {
    if (issue.path[0] === "body" && issue.path[1] === "answers" && issue.path.length > 2) {
      answerIssues.push({ path: issue.path.slice(2), message: issue.message });
    } else {
      other.push(sentence(issue.message));
    }
  }
  const mapped = issuesByQuestion(form, answerIssues, labels);
  return { errors: mapped.errors, other: [...mapped.other, ...other] };
}

export type TValidation = { ok: true; answers: TAnswers } | { ok: false; errors: TQuestionErrors; other: string[] };

/** The answers that would be sent (hidden questions dropped), checked exactly as the API checks them. */
export function validateAnswers(
  form: TFormDefinition,
  answers: TAnswers,
  ctx: { responses: readonly TFormResponse[]; pairs: Record<string, [string, string]> },
  labels: Record<string, string>,
): TValidation {
  const pruned = pruneHiddenAnswers(form, answers);
  const result = buildAnswerSchema(form, { responses: [...ctx.responses], pairs: ctx.pairs }).safeParse(pruned);
  if (result.success) return { ok: true, answers: pruned };
  const issues = result.error.issues.map((i) => ({ path: i.path, message: i.message }));
  return { ok: false, ...issuesByQuestion(form, issues, labels) };
}
