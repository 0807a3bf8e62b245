import { NO_CRITERION, type TExportCounts, type TExportFormat, type TExportSpec } from "../exports.ts";
import { splitSteps, type TAnswers, ZRatingValue, ZRulesValue, ZStepsValue } from "../forms/answer-schema.ts";
import type { TFormDefinition, TQuestion } from "../forms/form-definition.ts";
import type { TMessage, TResponse } from "../items.ts";
import { aggregatePreferences, roundMargin, type TPreference } from "./aggregate.ts";
import { deriveComparisons, questionSelected, selectQuestions } from "./comparisons.ts";
import { hhRlhfRow, openRlhfRow, stepwiseLabels, trlPreferenceRow, trlStepwiseRow, trlUnpairedRows } from "./format-rows.ts";
import { combineHashes, HashSet52, hash52 } from "./hash.ts";
import { ItemView } from "./item-view.ts";
import { assignSplit, type TSplit } from "./split.ts";

/** One annotation as the export reads it: answers plus who gave them (pseudonymised) and on which form. */
export type TExportAnnotation = {
  id: string;
  /** Stable per-project pseudonym (`lab_` + 16 hex); never an id or an email. */
  labeler: string;
  labelerKind: "HUMAN" | "AI";
  /** The labeler's project tier (project_members.status), when a member. */
  tier: string | null;
  formVersion: number | null;
  /** The form definition the answers were given on. */
  form: TFormDefinition;
  answers: TAnswers;
  displayOrder: string[];
  durationMs: number | null;
  createdAt: string;
};

/** One item with all of its (filtered) annotations: they always arrive together. */
export type TExportItem = {
  id: string;
  externalId: string;
  prompt: TMessage[];
  responses: TResponse[];
  annotations: TExportAnnotation[];
};

export type TExportLine = { split: TSplit; text: string };

/** The formats built from pairwise preferences. */
export const PAIR_FORMATS: readonly TExportFormat[] = ["trl-preference", "trl-unpaired", "openrlhf", "hh-rlhf"];

/** The question types whose answers feed each format (for checking a spec against a project's forms). */
export function questionTypesFor(spec: Pick<TExportSpec, "format" | "ratingGap">): TQuestion["type"][] | null {
  switch (spec.format) {
    case "trl-stepwise":
      return ["steps"];
    case "ratings":
      return ["rating"];
    case "rules":
      return ["rules"];
    case "raw":
      return null;
    default:
      return spec.ratingGap > 0 ? ["ranking", "pairwise", "rating"] : ["ranking", "pairwise"];
  }
}

export function emptyCounts(): TExportCounts {
  return {
    annotations: 0,
    items: 0,
    rows: 0,
    pairs: 0,
    ties: 0,
    duplicates: 0,
    splits: { train: 0, test: 0, validation: 0 },
    criteria: {},
    labelers: { HUMAN: 0, AI: 0 },
  };
}

const criterionKey = (c: string | null) => c ?? NO_CRITERION;

/** Code-unit order: the same on every machine, unlike a locale collation. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Which items have a prompt that another item of the export shares. A superset is fine (it only costs
 * dedupe memory); missing an item that shares its prompt is not.
 */
export type TSharedPromptItems = { has(itemId: string): boolean };

export type TExportBuilderOptions = {
  /**
   * When given, duplicate rows are looked for within each item (a table bounded by one item's rows),
   * and across items only among these items' rows: a row's dedupe key includes its exact prompt, so a
   * row can only repeat a row of its own item or of an item with the identical prompt. The rows dropped
   * are the same as with one table over every row (first occurrence kept, in read order). Without it,
   * one table holds every row's key.
   */
  sharedPromptItems?: TSharedPromptItems;
};

/**
 * The pure export pipeline: feed it items (each with all of its annotations) in a stable order and it
 * returns the JSONL lines for each, with the split each belongs to, while keeping counts. No I/O, so
 * the worker, the preview endpoint, the benchmark and the unit tests all run the very same code.
 * Memory: the dedupe tables (16 bytes per row of shared-prompt items, or of every row without
 * `sharedPromptItems`) and the distinct labelers; nothing grows with row size.
 */
export class ExportBuilder {
  readonly counts: TExportCounts = emptyCounts();
  /** Keys of the rows of shared-prompt items (of every row without `sharedPromptItems`). */
  private seen: HashSet52 | null = null;
  private readonly sharedPromptItems: TSharedPromptItems | null;
  /** The current item's row keys, for an item whose prompt no other item has (reused item after item). */
  private readonly itemSeen = new HashSet52(16);
  private readonly labelers = { HUMAN: new Set<string>(), AI: new Set<string>() };
  private readonly withMargin: boolean;

  constructor(
    readonly spec: TExportSpec,
    options: TExportBuilderOptions = {},
  ) {
    this.sharedPromptItems = options.sharedPromptItems ?? null;
    // Neither TRL nor OpenRLHF knows ties: tie rows are only told apart by their margin of 0.
    this.withMargin = spec.includeMargin || (spec.keepTies && (spec.format === "trl-preference" || spec.format === "openrlhf"));
  }

  /** Bytes held by the cross-item dedupe table. */
  get dedupeBytes(): number {
    return this.seen?.bytes ?? 0;
  }

  /** The table an item's row keys go to: the cross-item one, or the current item's own for an item whose prompt no other item has. */
  private dedupeTableFor(itemId: string): HashSet52 | null {
    if (!this.spec.dedupe) return null;
    if (this.sharedPromptItems && !this.sharedPromptItems.has(itemId)) {
      this.itemSeen.clear(64);
      return this.itemSeen;
    }
    this.seen ??= new HashSet52();
    return this.seen;
  }

  addItem(item: TExportItem): TExportLine[] {
    if (item.annotations.length === 0) return [];
    this.counts.items++;
    this.counts.annotations += item.annotations.length;
    for (const a of item.annotations) this.labelers[a.labelerKind].add(a.labeler);
    this.counts.labelers = { HUMAN: this.labelers.HUMAN.size, AI: this.labelers.AI.size };

    const split = assignSplit(item.prompt, this.spec.split, this.spec.seed);
    const view = new ItemView(item.externalId, item.prompt, item.responses);
    const lines: TExportLine[] = [];
    const emit = (text: string, criterion: string | null | undefined) => {
      lines.push({ split, text });
      this.counts.rows++;
      this.counts.splits[split]++;
      if (criterion !== undefined) {
        const key = criterionKey(criterion);
        this.counts.criteria[key] = (this.counts.criteria[key] ?? 0) + 1;
      }
    };
    let seen: HashSet52 | null | undefined;
    const isNew = (hash: number) => {
      seen ??= this.dedupeTableFor(item.id);
      if (!seen || seen.add(hash)) return true;
      this.counts.duplicates++;
      return false;
    };

    switch (this.spec.format) {
      case "trl-stepwise":
        this.stepwise(item, view, emit, isNew);
        break;
      case "ratings":
        this.ratings(item, view, emit);
        break;
      case "rules":
        this.rules(item, view, emit);
        break;
      case "raw":
        this.raw(item, view, emit);
        break;
      default:
        this.pairs(item, view, emit, isNew);
    }
    return lines;
  }

  private pairs(item: TExportItem, view: ItemView, emit: (t: string, c: string | null) => void, isNew: (h: number) => boolean) {
    const spec = this.spec;
    // Bradley-Terry fits on every judgement and applies the strategy to its own ranking afterwards.
    const opts = spec.aggregation === "bradley-terry" ? { strategy: "all" as const, includeTies: true } : {};
    const perAnnotation = item.annotations.map((a) => deriveComparisons(a.form, a.answers, item, spec, opts));
    const prefs = aggregatePreferences(perAnnotation, view.responseIds, spec);
    for (const p of prefs) {
      if (!isNew(combineHashes(view.promptHash, view.contentHash(p.chosen), view.contentHash(p.rejected), p.tie ? 1 : 0))) continue;
      this.counts.pairs++;
      if (p.tie) this.counts.ties++;
      for (const line of this.formatPair(view, p)) emit(line, p.criterion);
    }
  }

  private formatPair(view: ItemView, p: TPreference): string[] {
    switch (this.spec.format) {
      case "openrlhf":
        return [openRlhfRow(view, p, this.spec, this.withMargin)];
      case "hh-rlhf":
        return [hhRlhfRow(view, p)];
      case "trl-unpaired":
        return trlUnpairedRows(view, p, this.spec);
      default:
        return [trlPreferenceRow(view, p, this.spec, this.withMargin)];
    }
  }

  private stepwise(item: TExportItem, view: ItemView, emit: (t: string, c: string | null) => void, isNew: (h: number) => boolean) {
    for (const a of item.annotations) {
      for (const q of selectQuestions(a.form, this.spec, ["steps"])) {
        const parsed = ZStepsValue.safeParse(a.answers[q.id]);
        if (!parsed.success) continue;
        for (const r of item.responses) {
          const raw = parsed.data[r.id];
          if (!raw?.length) continue;
          const labels = stepwiseLabels(raw);
          const steps = splitSteps(r).slice(0, labels.length);
          if (steps.length !== labels.length) continue;
          const text = trlStepwiseRow(view, steps, labels);
          if (!isNew(combineHashes(view.promptHash, view.contentHash(r.id), hash52(JSON.stringify(labels))))) continue;
          emit(text, q.criterion);
        }
      }
    }
  }

  private ratings(item: TExportItem, view: ItemView, emit: (t: string, c: string | null) => void) {
    // (criterion, response) → running sum and count, over every selected rating question.
    const cells = new Map<string, { criterion: string | null; responseId: string; sum: number; count: number }>();
    for (const a of item.annotations) {
      for (const q of selectQuestions(a.form, this.spec, ["rating"])) {
        const parsed = ZRatingValue.safeParse(a.answers[q.id]);
        if (!parsed.success) continue;
        for (const r of item.responses) {
          const score = parsed.data[r.id];
          if (typeof score !== "number") continue;
          const key = `${q.criterion === null ? "0" : `1${q.criterion}`}\u0000${r.id}`;
          let cell = cells.get(key);
          if (!cell) {
            cell = { criterion: q.criterion, responseId: r.id, sum: 0, count: 0 };
            cells.set(key, cell);
          }
          cell.sum += score;
          cell.count++;
        }
      }
    }
    const order = new Map(view.responseIds.map((id, i) => [id, i]));
    const sorted = [...cells.values()].sort(
      (x, y) => compareText(x.criterion ?? "", y.criterion ?? "") || (order.get(x.responseId) ?? 0) - (order.get(y.responseId) ?? 0),
    );
    for (const c of sorted) {
      const r = view.response(c.responseId) as TResponse;
      emit(
        `{"external_id":${JSON.stringify(item.externalId)},"prompt":${view.promptJson},"response_id":${JSON.stringify(r.id)},"model":${JSON.stringify(r.model ?? null)},` +
          `"response":${view.contentJson(r.id)},"criterion":${JSON.stringify(c.criterion)},"mean":${roundMargin(c.sum / c.count)},"count":${c.count}}`,
        c.criterion,
      );
    }
  }

  private rules(item: TExportItem, view: ItemView, emit: (t: string, c: string | null) => void) {
    type TCell = {
      questionId: string;
      ruleId: string;
      rule: string;
      criterion: string | null;
      rank: number;
      responseId: string;
      yes: number;
      no: number;
      unsure: number;
    };
    const cells = new Map<string, TCell>();
    for (const a of item.annotations) {
      a.form.questions.forEach((q, qIndex) => {
        if (q.type !== "rules" || (this.spec.questions && !this.spec.questions.includes(q.id))) return;
        const parsed = ZRulesValue.safeParse(a.answers[q.id]);
        if (!parsed.success) return;
        q.rules.forEach((rule, ruleIndex) => {
          // A rule's own criterion wins over its question's.
          const criterion = rule.criterion ?? q.criterion;
          if (this.spec.criterion !== undefined && criterion !== this.spec.criterion) return;
          for (const r of item.responses) {
            const verdict = parsed.data[r.id]?.[rule.id]?.verdict;
            if (!verdict) continue;
            const key = `${q.id}\u0000${rule.id}\u0000${r.id}`;
            let cell = cells.get(key);
            if (!cell) {
              cell = {
                questionId: q.id,
                ruleId: rule.id,
                rule: rule.text,
                criterion,
                rank: qIndex * 1000 + ruleIndex,
                responseId: r.id,
                yes: 0,
                no: 0,
                unsure: 0,
              };
              cells.set(key, cell);
            }
            cell[verdict]++;
          }
        });
      });
    }
    const order = new Map(view.responseIds.map((id, i) => [id, i]));
    const sorted = [...cells.values()].sort((x, y) => x.rank - y.rank || (order.get(x.responseId) ?? 0) - (order.get(y.responseId) ?? 0));
    for (const c of sorted) {
      const r = view.response(c.responseId) as TResponse;
      const votes: [string, number][] = [
        ["yes", c.yes],
        ["no", c.no],
        ["unsure", c.unsure],
      ];
      const top = Math.max(c.yes, c.no, c.unsure);
      const leaders = votes.filter(([, n]) => n === top);
      const verdict = leaders.length === 1 ? (leaders[0] as [string, number])[0] : null;
      emit(
        `{"external_id":${JSON.stringify(item.externalId)},"prompt":${view.promptJson},"response_id":${JSON.stringify(r.id)},"model":${JSON.stringify(r.model ?? null)},` +
          `"response":${view.contentJson(r.id)},"question_id":${JSON.stringify(c.questionId)},"rule_id":${JSON.stringify(c.ruleId)},"rule":${JSON.stringify(c.rule)},` +
          `"criterion":${JSON.stringify(c.criterion)},"verdict":${JSON.stringify(verdict)},"yes":${c.yes},"no":${c.no},"unsure":${c.unsure},"count":${c.yes + c.no + c.unsure}}`,
        c.criterion,
      );
    }
  }

  private raw(item: TExportItem, view: ItemView, emit: (t: string, c: undefined) => void) {
    const filtered = this.spec.criterion !== undefined || this.spec.questions !== undefined;
    const responses = JSON.stringify(item.responses);
    for (const a of item.annotations) {
      let answers = a.answers;
      if (filtered) {
        const keep = new Set(a.form.questions.filter((q) => questionSelected(q, this.spec)).map((q) => q.id));
        answers = Object.fromEntries(Object.entries(a.answers).filter(([k]) => keep.has(k)));
      }
      emit(
        JSON.stringify({
          annotation_id: a.id,
          external_id: item.externalId,
          prompt: JSON.parse(view.promptJson),
          responses: JSON.parse(responses),
          labeler: a.labeler,
          labeler_kind: a.labelerKind,
          tier: a.tier,
          form_version: a.formVersion,
          display_order: a.displayOrder,
          duration_ms: a.durationMs,
          created_at: a.createdAt,
          answers,
        }),
        undefined,
      );
    }
  }
}

export function createExportBuilder(spec: TExportSpec, options: TExportBuilderOptions = {}): ExportBuilder {
  return new ExportBuilder(spec, options);
}
