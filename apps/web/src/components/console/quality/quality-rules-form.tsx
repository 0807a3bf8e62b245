"use client";

import { type TQualitySettings, ZQualitySettings } from "@rankwise/shared";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { Field } from "../field.tsx";
import { toFieldErrors } from "../field-errors.ts";
import { ErrorBlock, LoadingBlock } from "../state-views.tsx";
import { useApiResource } from "../use-api-resource.ts";

/** Text while typing; shares are entered as percentages. */
type TDraft = {
  honeypotPercent: string;
  goldWindow: string;
  promote: boolean;
  promoteGoldPercent: string;
  promoteItems: string;
  requirePeer: boolean;
  promotePeerPercent: string;
  suspend: boolean;
  suspendWindow: string;
  suspendGoldPercent: string;
};
type TKey = keyof TDraft;

const pct = (share: number) => String(Math.round(share * 1000) / 10);

function toDraft(s: TQualitySettings): TDraft {
  return {
    honeypotPercent: pct(s.honeypotRate),
    goldWindow: String(s.goldWindow),
    promote: s.promotion.enabled,
    promoteGoldPercent: pct(s.promotion.minGoldAgreement),
    promoteItems: String(s.promotion.minGoldItems),
    requirePeer: s.promotion.minPeerAgreement !== null,
    promotePeerPercent: pct(s.promotion.minPeerAgreement ?? 0.75),
    suspend: s.suspension.enabled,
    suspendWindow: String(s.suspension.window),
    suspendGoldPercent: pct(s.suspension.minGoldAgreement),
  };
}

const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
const share = (s: string) => num(s) / 100;

/** Schema paths → inputs. */
const FIELD_OF: Record<string, TKey> = {
  honeypotRate: "honeypotPercent",
  goldWindow: "goldWindow",
  "promotion.minGoldAgreement": "promoteGoldPercent",
  "promotion.minGoldItems": "promoteItems",
  "promotion.minPeerAgreement": "promotePeerPercent",
  "suspension.window": "suspendWindow",
  "suspension.minGoldAgreement": "suspendGoldPercent",
};
/** Fieldsets group the rules without the browser's frame; the legend's checkbox switches the group on. */
const FIELDSET = { border: 0, margin: 0, padding: 0, minWidth: 0 } as const;
const LEGEND = { padding: 0, marginBottom: 8, fontWeight: 600 } as const;
const PERCENT_KEYS: TKey[] = ["honeypotPercent", "promoteGoldPercent", "promotePeerPercent", "suspendGoldPercent"];

/** The Quality tab's rules: how often honeypots are served and when labelers move between tiers. */
export function QualityRulesForm({ projectId }: { projectId: string }) {
  const settings = useApiResource<TQualitySettings>(`/api/v1/projects/${projectId}/quality`);
  if (settings.state.status === "loading") {
    return (
      <div className="card">
        <LoadingBlock label="Loading the quality rules…" rows={3} />
      </div>
    );
  }
  if (settings.state.status === "error") {
    return <ErrorBlock title="The quality rules could not be loaded" message={settings.state.error} onRetry={settings.reload} />;
  }
  return <RulesForm projectId={projectId} initial={settings.state.data} />;
}

function RulesForm({ projectId, initial }: { projectId: string; initial: TQualitySettings }) {
  const id = useId();
  const [draft, setDraft] = useState<TDraft>(() => toDraft(initial));
  const [errors, setErrors] = useState<Partial<Record<TKey, string>>>({});
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends TKey>(key: K, value: TDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setMessage(null);
  };

  function mapIssues(issues: Parameters<typeof toFieldErrors>[0], strip = 0): Partial<Record<TKey, string>> {
    const out: Partial<Record<TKey, string>> = {};
    for (const [path, list] of Object.entries(toFieldErrors(issues, strip))) {
      const key = FIELD_OF[path];
      if (!key || !list[0]) continue;
      // The schema speaks in shares (0..1); the inputs in percent.
      out[key] = PERCENT_KEYS.includes(key) ? "Enter a percentage from 0 to 100" : list[0];
    }
    return out;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = ZQualitySettings.safeParse({
      honeypotRate: share(draft.honeypotPercent),
      goldWindow: num(draft.goldWindow),
      promotion: {
        enabled: draft.promote,
        minGoldAgreement: share(draft.promoteGoldPercent),
        minGoldItems: num(draft.promoteItems),
        minPeerAgreement: draft.requirePeer ? share(draft.promotePeerPercent) : null,
      },
      suspension: { enabled: draft.suspend, window: num(draft.suspendWindow), minGoldAgreement: share(draft.suspendGoldPercent) },
    });
    if (!parsed.success) {
      setErrors(mapIssues(parsed.error.issues));
      return;
    }
    setBusy(true);
    try {
      const { data } = await apiFetch<TQualitySettings>(`/api/v1/projects/${projectId}/quality`, {
        method: "PUT",
        body: JSON.stringify(parsed.data),
      });
      if (data) {
        setDraft(toDraft(data));
        setMessage({ tone: "ok", text: "Rules saved." });
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      if (err instanceof ApiError && err.issues.length) setErrors(mapIssues(err.issues, 1));
      setMessage({ tone: "error", text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  const numberInput = (key: TKey, testId: string, opts: { min: number; max: number; step?: number; disabled?: boolean }) =>
    function Input(a11y: { id: string; "aria-describedby"?: string; "aria-invalid"?: true }): ReactNode {
      return (
        <input
          {...a11y}
          className="control"
          type="number"
          inputMode="decimal"
          min={opts.min}
          max={opts.max}
          step={opts.step ?? 1}
          value={draft[key] as string}
          disabled={opts.disabled}
          onChange={(e) => set(key, e.target.value)}
          data-testid={testId}
        />
      );
    };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="quality-rules">
      <div className="card-head">
        <div>
          <h2 id={`${id}-title`}>Honeypots and tier rules</h2>
          <p>Rules look only at gold answers scored since a labeler's last tier change, so a decision by hand is not undone by old data.</p>
        </div>
      </div>
      <form className="card-body stack" onSubmit={onSubmit} noValidate>
        <div className="fields fields-2">
          <Field
            id={`${id}-rate`}
            label="Honeypot rate (%)"
            hint="Chance that a labeler's next task is a honeypot."
            error={errors.honeypotPercent}
          >
            {numberInput("honeypotPercent", "quality-honeypot-rate", { min: 0, max: 100 })}
          </Field>
          <Field id={`${id}-window`} label="Gold agreement over the last … gold items" error={errors.goldWindow}>
            {numberInput("goldWindow", "quality-gold-window", { min: 1, max: 1000 })}
          </Field>
        </div>
        <fieldset className="form-section" style={FIELDSET}>
          <legend style={LEGEND}>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.promote}
                onChange={(e) => set("promote", e.target.checked)}
                data-testid="quality-promote"
              />
              <span>Promote Qualified → Super rater</span>
            </label>
          </legend>
          <div className="fields fields-2">
            <Field id={`${id}-pgold`} label="Gold agreement at least (%)" error={errors.promoteGoldPercent}>
              {numberInput("promoteGoldPercent", "quality-promote-gold", { min: 0, max: 100, disabled: !draft.promote })}
            </Field>
            <Field id={`${id}-pitems`} label="Over at least … gold items" error={errors.promoteItems}>
              {numberInput("promoteItems", "quality-promote-items", { min: 1, max: 100_000, disabled: !draft.promote })}
            </Field>
            <div className="f">
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.requirePeer}
                  disabled={!draft.promote}
                  onChange={(e) => set("requirePeer", e.target.checked)}
                  data-testid="quality-require-peer"
                />
                <span>Also require peer agreement</span>
              </label>
            </div>
            <Field id={`${id}-ppeer`} label="Peer agreement at least (%)" error={errors.promotePeerPercent}>
              {numberInput("promotePeerPercent", "quality-promote-peer", {
                min: 0,
                max: 100,
                disabled: !draft.promote || !draft.requirePeer,
              })}
            </Field>
          </div>
        </fieldset>
        <fieldset className="form-section" style={FIELDSET}>
          <legend style={LEGEND}>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.suspend}
                onChange={(e) => set("suspend", e.target.checked)}
                data-testid="quality-suspend"
              />
              <span>Suspend labelers who fall below gold agreement</span>
            </label>
          </legend>
          <div className="fields fields-2">
            <Field id={`${id}-swindow`} label="Over their last … gold items" error={errors.suspendWindow}>
              {numberInput("suspendWindow", "quality-suspend-window", { min: 1, max: 1000, disabled: !draft.suspend })}
            </Field>
            <Field id={`${id}-sgold`} label="Suspend below (%)" error={errors.suspendGoldPercent}>
              {numberInput("suspendGoldPercent", "quality-suspend-gold", { min: 0, max: 100, disabled: !draft.suspend })}
            </Field>
          </div>
        </fieldset>
        <div className="row" style={{ justifyContent: "flex-end" }}>
          {message && (
            <span
              className={message.tone === "ok" ? "muted" : "f-error"}
              role={message.tone === "ok" ? "status" : "alert"}
              data-testid="quality-rules-message"
            >
              {message.text}
            </span>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy} data-testid="quality-rules-save">
            {busy ? "Saving…" : "Save rules"}
          </button>
        </div>
      </form>
    </section>
  );
}
