import type { TFormDefinition, TQuestion } from "@rankwise/shared";

/** The FormRenderer props contract (shared with the console's form-builder preview). */
export type TFormRendererProps = {
  form: TFormDefinition;
  responses: { id: string; content: string; steps?: string[] }[];
  pairs: Record<string, [string, string]>;
  value: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
  errors?: Record<string, string[]>;
  /** Response id → "A", "B", … display label. */
  labels?: Record<string, string>;
};

/** A response as the question components show it. */
export type TResponseView = { id: string; content: string; steps?: string[]; letter: string; hue: number; snippet: string };

export type TQuestionProps<Q extends TQuestion = TQuestion> = {
  question: Q;
  value: unknown;
  onAnswer: (questionId: string, value: unknown) => void;
  responses: readonly TResponseView[];
  pairs: Record<string, [string, string]>;
  disabled: boolean;
  announce: (message: string) => void;
  /** Unique per renderer, for radio group names and element ids. */
  idBase: string;
  /** Whether errors are shown for this question (unanswered cells are then marked). */
  invalid: boolean;
};
