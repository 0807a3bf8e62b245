"use client";

import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import {
  QUESTION_TYPES,
  type TCriterion,
  type TFormDefinition,
  type TFormVersion,
  type TQuestion,
  type TQuestionType,
} from "@rankwise/shared";
import dynamic from "next/dynamic";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { formatDate, plural } from "../../../lib/format.ts";
import { Badge, ErrorBlock, LoadingBlock } from "../state-views.tsx";
import {
  conditionTargets,
  fingerprint,
  fromDefinition,
  moveItem,
  newQuestion,
  placeIssues,
  type TDraft,
  type TDraftQuestion,
  TYPE_LABELS,
  validateDraft,
} from "./form-draft.ts";
import { QuestionCard } from "./question-card.tsx";

/** The preview renders the labeler's form (dnd, markdown): loaded in the browser only, after the builder. */
const FormPreview = dynamic(() => import("./form-preview.tsx").then((m) => m.FormPreview), {
  ssr: false,
  loading: () => (
    <div className="card preview-pane">
      <LoadingBlock label="Loading the preview…" rows={6} />
    </div>
  ),
});

type TSave =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; version: number; kept: number | null }
  | { kind: "error"; message: string };

type TProps = { projectId: string; criteria: TCriterion[]; current: TFormVersion; versions: TFormVersion[] };

/**
 * The form builder: questions of all seven types, added, edited, reordered (drag or arrow
 * buttons) and deleted, validated with the API's schema as you type, with a live preview.
 */
export function FormBuilder({ projectId, criteria, current, versions: initialVersions }: TProps) {
  const [draft, setDraft] = useState<TDraft>(() => fromDefinition(current.definition));
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [baseline, setBaseline] = useState(() => fingerprint(fromDefinition(current.definition)));
  const [version, setVersion] = useState(current.version);
  const [versions, setVersions] = useState(initialVersions);
  const [save, setSave] = useState<TSave>({ kind: "idle" });
  const [serverIssues, setServerIssues] = useState<{ path: (string | number)[]; message: string }[]>([]);
  const [deleted, setDeleted] = useState<{ item: TDraftQuestion; index: number } | null>(null);
  const [live, setLive] = useState("");
  const dndId = useId();
  const focusTitleOf = useRef<string | null>(null);
  const lastValid = useRef<TFormDefinition | null>(current.definition);
  const lastSaved = useRef<TFormDefinition>(current.definition);

  const validation = useMemo(() => validateDraft(draft), [draft]);
  const server = useMemo(() => placeIssues(draft, serverIssues), [draft, serverIssues]);
  if (validation.definition) lastValid.current = validation.definition;
  const dirty = fingerprint(draft) !== baseline;
  const problems = validation.count + server.count;

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  useEffect(() => {
    if (!focusTitleOf.current || openKey !== focusTitleOf.current) return;
    document.getElementById(`qs-${openKey}-title`)?.focus();
    focusTitleOf.current = null;
  }, [openKey]);

  function edit(next: TDraft) {
    setDraft(next);
    setServerIssues([]);
    if (save.kind !== "saving") setSave({ kind: "idle" });
  }

  function add(type: TQuestionType) {
    const item = newQuestion(type, draft, criteria);
    edit([...draft, item]);
    focusTitleOf.current = item.key;
    setOpenKey(item.key);
    setLive(`Added a ${TYPE_LABELS[type].label.toLowerCase()} question at position ${draft.length + 1}.`);
  }

  function move(from: number, to: number) {
    const item = draft[from];
    if (!item || to < 0 || to >= draft.length) return;
    edit(moveItem(draft, from, to));
    setLive(`Moved "${item.q.title || item.q.id}" to position ${to + 1} of ${draft.length}.`);
  }

  function remove(index: number) {
    const item = draft[index];
    if (!item) return;
    edit(draft.filter((_, i) => i !== index));
    setDeleted({ item, index });
    if (openKey === item.key) setOpenKey(null);
    setLive(`Deleted "${item.q.title || item.q.id}".`);
  }

  function undoDelete() {
    if (!deleted) return;
    const next = [...draft];
    next.splice(Math.min(deleted.index, next.length), 0, deleted.item);
    edit(next);
    setOpenKey(deleted.item.key);
    setDeleted(null);
    setLive(`Restored "${deleted.item.q.title || deleted.item.q.id}".`);
  }

  function update(key: string, q: TQuestion) {
    edit(draft.map((d) => (d.key === key ? { ...d, q } : d)));
  }

  function discard() {
    const fresh = fromDefinition(lastSaved.current);
    setDraft(fresh);
    setServerIssues([]);
    setOpenKey(null);
    setDeleted(null);
    setSave({ kind: "idle" });
  }

  async function onSave() {
    if (!validation.definition) {
      const firstBad = draft.find((d) => validation.byKey[d.key]);
      if (firstBad) setOpenKey(firstBad.key);
      setSave({ kind: "error", message: `Fix ${plural(validation.count, "problem")} before saving.` });
      return;
    }
    const before = version;
    setSave({ kind: "saving" });
    try {
      const { data } = await apiFetch<TFormVersion>(`/api/v1/projects/${projectId}/form`, {
        method: "PUT",
        body: JSON.stringify({ definition: validation.definition }),
      });
      if (!data) throw new Error("The server sent an empty answer.");
      lastSaved.current = data.definition;
      setBaseline(fingerprint(draft));
      setVersion(data.version);
      setSave({ kind: "saved", version: data.version, kept: data.version > before ? before : null });
      setDeleted(null);
      apiFetch<{ versions: TFormVersion[] }>(`/api/v1/projects/${projectId}/form/versions`)
        .then(({ data: list }) => list && setVersions(list.versions))
        .catch(() => {});
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      if (err instanceof ApiError && err.issues.length) {
        // The API reports body.definition.questions.N.field; keep questions.N.field.
        setServerIssues(err.issues.map((i) => ({ path: i.path.slice(i.path.indexOf("questions")), message: i.message })));
      }
      setSave({ kind: "error", message: errorMessage(err) });
    }
  }

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const titleOf = (key: string | number) => {
    const d = draft.find((x) => x.key === key);
    return d ? `"${d.q.title || d.q.id}"` : "the question";
  };
  const positionOf = (key: string | number) => draft.findIndex((x) => x.key === key) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${titleOf(active.id)}, position ${positionOf(active.id)} of ${draft.length}.`,
    onDragOver: ({ active, over }) =>
      over
        ? `${titleOf(active.id)} is over position ${positionOf(over.id)} of ${draft.length}.`
        : `${titleOf(active.id)} is not over a position.`,
    onDragEnd: ({ active, over }) =>
      over ? `Dropped ${titleOf(active.id)} at position ${positionOf(over.id)} of ${draft.length}.` : `Dropped ${titleOf(active.id)}.`,
    onDragCancel: ({ active }) => `Cancelled. ${titleOf(active.id)} stays at position ${positionOf(active.id)}.`,
  };
  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const from = draft.findIndex((d) => d.key === active.id);
    const to = draft.findIndex((d) => d.key === over.id);
    if (from >= 0 && to >= 0) edit(moveItem(draft, from, to));
  }

  const formErrors = [...validation.form, ...server.form];
  return (
    <div className="builder">
      <div>
        <div className="builder-toolbar" data-testid="builder-toolbar">
          <div className="row">
            <strong>Version {version}</strong>
            {dirty ? <Badge tone="warning">Unsaved changes</Badge> : <Badge tone="success">Saved</Badge>}
            {problems > 0 && (
              <Badge tone="danger" testId="builder-problems">
                {plural(problems, "problem")}
              </Badge>
            )}
          </div>
          <div className="row">
            <button type="button" className="btn btn-sm btn-ghost" onClick={discard} disabled={!dirty || save.kind === "saving"}>
              Discard changes
            </button>
            <button
              type="button"
              className="btn btn-primary btn-sm"
              onClick={onSave}
              disabled={!dirty || save.kind === "saving"}
              data-testid="form-save"
            >
              {save.kind === "saving" ? "Saving…" : "Save form"}
            </button>
          </div>
        </div>

        <div className="stack-sm" style={{ marginBottom: 12 }} aria-live="polite">
          {save.kind === "saved" && (
            <p className="notice" style={{ margin: 0 }} data-testid="form-saved">
              Saved as version {save.version}.
              {save.kept !== null &&
                ` Version ${save.kept} is already answered or being answered, so it is kept unchanged; new tasks use version ${save.version}.`}
            </p>
          )}
          {save.kind === "error" && <ErrorBlock title="The form was not saved" message={save.message} />}
          {formErrors.map((m) => (
            <p key={m} className="f-error" style={{ margin: 0 }}>
              {m}
            </p>
          ))}
          {deleted && (
            <p className="notice-info row-between" style={{ margin: 0 }}>
              <span>Deleted "{deleted.item.q.title || deleted.item.q.id}".</span>
              <button type="button" className="btn btn-sm" onClick={undoDelete}>
                Undo
              </button>
            </p>
          )}
        </div>

        {draft.length === 0 ? (
          <div className="empty-block" style={{ marginBottom: 12 }}>
            <strong>No questions</strong>
            <p>A form needs at least one question. Add one below.</p>
          </div>
        ) : (
          <DndContext
            id={dndId}
            sensors={sensors}
            collisionDetection={closestCenter}
            onDragEnd={onDragEnd}
            accessibility={{ announcements }}
          >
            <SortableContext items={draft.map((d) => d.key)} strategy={verticalListSortingStrategy}>
              <ol className="q-list" aria-label="Questions in order" data-testid="q-list">
                {draft.map((d, i) => (
                  <QuestionCard
                    key={d.key}
                    itemKey={d.key}
                    q={d.q}
                    index={i}
                    total={draft.length}
                    open={openKey === d.key}
                    errors={{ ...validation.byKey[d.key], ...server.byKey[d.key] }}
                    criteria={criteria}
                    targets={conditionTargets(draft, i)}
                    onToggle={() => setOpenKey(openKey === d.key ? null : d.key)}
                    onChange={(q) => update(d.key, q)}
                    onMove={(to) => move(i, to)}
                    onDelete={() => remove(i)}
                  />
                ))}
              </ol>
            </SortableContext>
          </DndContext>
        )}

        <div className="card" style={{ marginTop: 12 }}>
          <fieldset className="card-body stack-sm" style={{ margin: 0, border: 0 }}>
            <legend className="f-label" style={{ float: "left", marginBottom: 8 }}>
              <strong>Add a question</strong>
            </legend>
            <div className="add-menu" style={{ clear: "both" }}>
              {QUESTION_TYPES.map((type) => (
                <button
                  key={type}
                  type="button"
                  className="btn btn-sm"
                  onClick={() => add(type)}
                  title={TYPE_LABELS[type].hint}
                  disabled={draft.length >= 50}
                  data-testid={`add-${type}`}
                >
                  <span className="type-chip" data-type={type} aria-hidden="true">
                    +
                  </span>
                  {TYPE_LABELS[type].label}
                </button>
              ))}
            </div>
          </fieldset>
        </div>

        <section className="card" style={{ marginTop: 12 }} aria-labelledby="versions-title">
          <div className="card-head">
            <h2 id="versions-title">Versions</h2>
          </div>
          <div className="card-body">
            <ul className="version-list" data-testid="form-versions">
              {versions.map((v) => (
                <li key={v.id}>
                  <span>
                    <strong>Version {v.version}</strong>{" "}
                    <span className="muted">· {plural(v.definition.questions.length, "question")}</span>
                  </span>
                  <span className="muted">
                    {v.annotations > 0 ? `${plural(v.annotations, "answer")} · kept` : "no answers yet"} · {formatDate(v.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        </section>
        <div className="visually-hidden" aria-live="polite" data-testid="builder-live">
          {live}
        </div>
      </div>
      <FormPreview definition={validation.definition ?? lastValid.current} stale={validation.definition === null && draft.length > 0} />
    </div>
  );
}
