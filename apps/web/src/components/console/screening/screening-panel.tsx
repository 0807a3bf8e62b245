"use client";

import type { TFormDefinition, TScreeningTest } from "@rankwise/shared";
import { useState } from "react";
import { ErrorBlock, LoadingBlock } from "../state-views.tsx";
import { useApiResource } from "../use-api-resource.ts";
import { GoldItemList } from "./gold-item-list.tsx";
import { ScreeningSettings } from "./screening-settings.tsx";
import type { TGoldRole } from "./screening-items.ts";
import "./screening.css";

/** The Screening tab: the test's settings, then its items (and the honeypots) with their gold answers. */
export function ScreeningPanel({ projectId, form }: { projectId: string; form: TFormDefinition }) {
  const test = useApiResource<TScreeningTest>(`/api/v1/projects/${projectId}/screening`);
  const [role, setRole] = useState<TGoldRole>("SCREENING");

  return (
    <div className="stack" data-testid="screening-panel">
      {test.state.status === "loading" && (
        <div className="card">
          <LoadingBlock label="Loading the screening test…" rows={4} />
        </div>
      )}
      {test.state.status === "error" && (
        <ErrorBlock title="The screening test could not be loaded" message={test.state.error} onRetry={test.reload} />
      )}
      {test.state.status === "ready" && (
        <ScreeningSettings projectId={projectId} test={test.state.data} onSaved={(saved) => test.setData(() => saved)} />
      )}
      <div className="segmented" role="radiogroup" aria-label="Gold items">
        {(["SCREENING", "HONEYPOT"] as const).map((r) => (
          <label key={r}>
            <input
              type="radio"
              name="gold-role"
              value={r}
              checked={role === r}
              onChange={() => setRole(r)}
              data-testid={`gold-role-${r.toLowerCase()}`}
            />
            {r === "SCREENING" ? "Screening items" : "Honeypots"}
          </label>
        ))}
      </div>
      <GoldItemList key={role} projectId={projectId} role={role} form={form} onGoldChanged={test.reload} />
    </div>
  );
}
