"use client";

import { type TScreeningTest, ZScreeningConfig } from "@rankwise/shared";
import { type FormEvent, useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { formatCount, plural } from "../../../lib/format.ts";
import { CheckField, InputField, numeric } from "../field.tsx";
import { type TFieldErrors, toFieldErrors } from "../field-errors.ts";
import { formatDateTime } from "../format.ts";
import { Badge } from "../state-views.tsx";

/** What the inputs hold: text while typing, parsed on save (percent and minutes, as people think of them). */
type TDraft = { passPercent: string; maxAttempts: string; timeLimited: boolean; minutes: string; showFeedback: boolean; enabled: boolean };

function toDraft(t: TScreeningTest): TDraft {
  return {
    passPercent: String(Math.round(t.passThreshold * 1000) / 10),
    maxAttempts: String(t.maxAttempts),
    timeLimited: t.timeLimitSeconds !== null,
    minutes: t.timeLimitSeconds === null ? "20" : String(Math.round((t.timeLimitSeconds / 60) * 10) / 10),
    showFeedback: t.showFeedback,
    enabled: t.configured ? t.enabled : true,
  };
}

const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

/** API field paths → the inputs that hold them. */
const FIELD_OF: Record<string, keyof TDraft> = { passThreshold: "passPercent", maxAttempts: "maxAttempts", timeLimitSeconds: "minutes" };

function draftErrors(issues: TFieldErrors): Partial<Record<keyof TDraft, string>> {
  const out: Partial<Record<keyof TDraft, string>> = {};
  for (const [path, list] of Object.entries(issues)) {
    const key = FIELD_OF[path.split(".")[0] ?? ""];
    if (key && list[0]) out[key] = list[0];
  }
  return out;
}

/** The screening test's settings: pass mark, attempts, time limit, feedback, on/off. */
export function ScreeningSettings({
  projectId,
  test,
  onSaved,
}: {
  projectId: string;
  test: TScreeningTest;
  onSaved: (t: TScreeningTest) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<TDraft>(() => toDraft(test));
  const [errors, setErrors] = useState<Partial<Record<keyof TDraft, string>>>({});
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof TDraft>(key: K, value: TDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setMessage(null);
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const percent = num(draft.passPercent);
    const minutes = num(draft.minutes);
    const local: Partial<Record<keyof TDraft, string>> = {};
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) local.passPercent = "Enter a percentage from 0 to 100";
    if (draft.timeLimited && (!Number.isFinite(minutes) || minutes < 0.5 || minutes > 1440)) local.minutes = "Between 0.5 and 1440 minutes";
    const parsed = ZScreeningConfig.safeParse({
      passThreshold: percent / 100,
      maxAttempts: num(draft.maxAttempts),
      timeLimitSeconds: draft.timeLimited ? Math.round(minutes * 60) : null,
      showFeedback: draft.showFeedback,
      enabled: draft.enabled,
    });
    const all = { ...(parsed.success ? {} : draftErrors(toFieldErrors(parsed.error.issues))), ...local };
    if (!parsed.success || Object.keys(local).length > 0) {
      setErrors(all);
      return;
    }
    setBusy(true);
    try {
      const { data } = await apiFetch<TScreeningTest>(`/api/v1/projects/${projectId}/screening`, {
        method: "PUT",
        body: JSON.stringify(parsed.data),
      });
      if (data) {
        onSaved(data);
        setDraft(toDraft(data));
        setMessage({ tone: "ok", text: data.enabled ? "Saved. New labelers take this test before live work." : "Saved. The test is off." });
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      if (err instanceof ApiError && err.issues.length) setErrors(draftErrors(toFieldErrors(err.issues, 1)));
      setMessage({ tone: "error", text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="screening-settings">
      <div className="card-head">
        <div>
          <h2 id={`${id}-title`}>Screening test</h2>
          <p>Labelers added while the test is on start as Invited and must pass it before they get live items.</p>
        </div>
        {test.configured ? (
          <Badge tone={test.enabled ? "success" : "neutral"} testId="screening-state">
            {test.enabled ? "On" : "Off"}
          </Badge>
        ) : (
          <Badge tone="neutral" testId="screening-state">
            Not set up
          </Badge>
        )}
      </div>
      <form className="card-body stack" onSubmit={onSubmit} noValidate>
        <div className="fields fields-2">
          <InputField
            id={`${id}-pass`}
            label="Pass mark (%)"
            hint="Mean score over the test's items needed to qualify."
            error={errors.passPercent}
            input={{
              ...numeric(0, 100, 1),
              value: draft.passPercent,
              onChange: (e) => set("passPercent", e.target.value),
              "data-testid": "screening-pass",
            }}
          />
          <InputField
            id={`${id}-attempts`}
            label="Attempts"
            hint="How many tries each labeler gets (1–20)."
            error={errors.maxAttempts}
            input={{
              ...numeric(1, 20, 1),
              value: draft.maxAttempts,
              onChange: (e) => set("maxAttempts", e.target.value),
              "data-testid": "screening-attempts",
            }}
          />
          <CheckField
            boxed
            label="Time limit"
            note="A countdown is shown; the answers are sent when it runs out."
            checked={draft.timeLimited}
            onChange={(v) => set("timeLimited", v)}
            testId="screening-time-limited"
          />
          <InputField
            id={`${id}-minutes`}
            label="Minutes"
            error={errors.minutes}
            hint={draft.timeLimited ? "From 0.5 to 1440." : "No time limit."}
            input={{
              ...numeric(0.5, 1440, 0.5),
              value: draft.minutes,
              disabled: !draft.timeLimited,
              onChange: (e) => set("minutes", e.target.value),
              "data-testid": "screening-minutes",
            }}
          />
          <CheckField
            boxed
            label="Show feedback"
            note="After submitting, labelers see which questions they got right — never the gold answers."
            checked={draft.showFeedback}
            onChange={(v) => set("showFeedback", v)}
            testId="screening-feedback"
          />
          <CheckField
            boxed
            label="Test is on"
            note="Off: new labelers qualify straight away."
            checked={draft.enabled}
            onChange={(v) => set("enabled", v)}
            testId="screening-enabled"
          />
        </div>
        <div className="row-between">
          <span className="f-hint" data-testid="screening-counts">
            {plural(test.items, "screening item")}, {formatCount(test.itemsWithGold)} with gold
            {test.items > 0 && test.itemsWithGold === 0 ? " — add gold answers below; only items with gold are in the test" : ""}
            {test.updatedAt ? ` · saved ${formatDateTime(test.updatedAt)}` : ""}
          </span>
          <div className="row">
            {message && (
              <span
                className={message.tone === "ok" ? "muted" : "f-error"}
                role={message.tone === "ok" ? "status" : "alert"}
                data-testid="screening-message"
              >
                {message.text}
              </span>
            )}
            <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy} data-testid="screening-save">
              {busy ? "Saving…" : test.configured ? "Save settings" : "Create screening test"}
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
