import {
  questionSelected,
  questionTypesFor,
  type TErrorIssue,
  type TExportSpec,
  type TFormDefinition,
  ZCriterion,
  ZFormDefinition,
} from "@rankwise/shared";
import { AppError } from "../../lib/app-error.ts";
import type { TDb } from "../../lib/prisma.ts";

/**
 * Checks a (schema-valid) spec against the project: the form versions, questions and criterion it names
 * exist, and some question of a type the format reads passes its filters. Issues point into the request
 * body, so a client sees `body.questions.1: …` rather than an empty export.
 */
export async function checkExportSpec(db: TDb, projectId: string, spec: TExportSpec): Promise<void> {
  const [project, versions] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { criteria: true } }),
    db.formVersion.findMany({ where: { projectId }, select: { version: true, definition: true }, orderBy: { version: "asc" } }),
  ]);
  const issues: TErrorIssue[] = [];
  const known = new Set(versions.map((v) => v.version));
  spec.formVersions?.forEach((v, i) => {
    if (!known.has(v)) issues.push({ path: ["body", "formVersions", i], message: `form version ${v} does not exist in this project` });
  });
  const forms: TFormDefinition[] = versions
    .filter((v) => !spec.formVersions?.length || spec.formVersions.includes(v.version))
    .map((v) => ZFormDefinition.parse(v.definition));
  const questions = forms.flatMap((f) => f.questions);

  const questionIds = new Set(questions.map((q) => q.id));
  spec.questions?.forEach((id, i) => {
    if (!questionIds.has(id)) issues.push({ path: ["body", "questions", i], message: `no question "${id}" in the selected form versions` });
  });

  if (typeof spec.criterion === "string") {
    const criteria = new Set(
      ZCriterion.array()
        .catch([])
        .parse(project.criteria)
        .map((c) => c.id),
    );
    for (const q of questions) {
      if (q.criterion) criteria.add(q.criterion);
      if (q.type === "rules") for (const r of q.rules) if (r.criterion) criteria.add(r.criterion);
    }
    if (!criteria.has(spec.criterion))
      issues.push({ path: ["body", "criterion"], message: `"${spec.criterion}" is not a criterion of this project or its forms` });
  }

  const types = questionTypesFor(spec);
  if (types && issues.length === 0) {
    const feeds = questions.some((q) => {
      if (!types.includes(q.type)) return false;
      if (q.type !== "rules") return questionSelected(q, spec);
      // Rules are filtered by each rule's criterion (falling back to the question's).
      if (spec.questions && !spec.questions.includes(q.id)) return false;
      return spec.criterion === undefined || q.rules.some((r) => (r.criterion ?? q.criterion) === spec.criterion);
    });
    if (!feeds) {
      const what = types.join(" or ");
      const hint =
        spec.format !== "ratings" && types.includes("ranking") && !types.includes("rating") && questions.some((q) => q.type === "rating")
          ? " (rating questions feed pair formats only with ratingGap > 0)"
          : "";
      issues.push({
        path: ["body", "format"],
        message: `${spec.format} needs a ${what} question that passes the criterion/questions filters${hint}`,
      });
    }
  }
  if (issues.length)
    throw new AppError(
      "VALIDATION_FAILED",
      `Invalid export spec: ${issues.map((i) => `${i.path.slice(1).join(".")}: ${i.message}`).join("; ")}`,
      issues,
    );
}
