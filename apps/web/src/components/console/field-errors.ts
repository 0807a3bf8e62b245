/**
 * Turns zod issues (from a local safeParse or the API's `error.issues`) into short messages keyed
 * by field path ("questions.2.title"), worded for people rather than for developers.
 */
export type TFieldErrors = Record<string, string[]>;

type TIssueLike = {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  expected?: string;
  format?: string;
  received?: string;
};

function plural(n: number | bigint, one: string, many = `${one}s`): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

/** The shared schemas' own wording for cross-field checks, said in the builder's terms. */
const REWORDED: Record<string, string> = {
  "max must be greater than min": "Must be higher than the lowest score",
  "maxLength must be at least minLength": "Must be at least the minimum",
  "rule ids must be unique": "Each rule needs its own id",
  "option values must be unique": "Each option needs its own value",
  "split fractions must sum to 1": "The splits must add up to 100%",
};

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** zod's default wording ("Too small: expected string to have >=1 characters") rewritten; custom messages kept. */
export function friendlyMessage(issue: TIssueLike): string {
  const { code, origin } = issue;
  if (code === "too_small" && issue.minimum !== undefined) {
    if (origin === "string") return Number(issue.minimum) <= 1 ? "Required" : `At least ${plural(issue.minimum, "character")}`;
    if (origin === "array") return `Add at least ${issue.minimum}`;
    if (origin === "number" || origin === "int") return `At least ${issue.minimum}`;
  }
  if (code === "too_big" && issue.maximum !== undefined) {
    if (origin === "string") return `At most ${plural(issue.maximum, "character")}`;
    if (origin === "array") return `At most ${issue.maximum}`;
    if (origin === "number" || origin === "int") return `At most ${issue.maximum}`;
  }
  if (code === "invalid_type") {
    if (issue.expected === "number" || issue.expected === "int") return "Enter a number";
    if (issue.expected === "string") return "Required";
  }
  if (code === "invalid_format" && issue.format === "regex" && issue.message.startsWith("Invalid string")) {
    return "Use lowercase letters, digits, - and _ only";
  }
  if (code === "invalid_format" && issue.format === "email") return "Enter a valid email address";
  if (/expected int, received number/.test(issue.message)) return "Enter a whole number";
  return REWORDED[issue.message] ?? sentence(issue.message);
}

/** Groups issues by path, dropping the first `strip` segments (e.g. the API's "body"). */
export function toFieldErrors(issues: readonly TIssueLike[], strip = 0): TFieldErrors {
  const out: TFieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.slice(strip).map(String).join(".");
    const message = friendlyMessage(issue);
    const list = out[key] ?? [];
    if (!list.includes(message)) list.push(message);
    out[key] = list;
  }
  return out;
}

/** The errors for one field and everything under it ("options" also finds "options.1.value"). */
export function errorsUnder(errors: TFieldErrors, prefix: string): string[] {
  return Object.entries(errors).flatMap(([k, v]) => (k === prefix || k.startsWith(`${prefix}.`) ? v : []));
}

export function firstError(errors: TFieldErrors, key: string): string | undefined {
  return errors[key]?.[0];
}
