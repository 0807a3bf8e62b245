"use client";

import type { TExport } from "@rankwise/shared";
import { useEffect, useState } from "react";
import { ApiError, apiFetch, redirectToLogin } from "../../../lib/api-client.ts";

export const ACTIVE_STATUSES: readonly TExport["status"][] = ["QUEUED", "RUNNING"];

/**
 * A list of exports kept current: every second, each queued or running export is fetched again
 * until it finishes. One request per active export; nothing is polled once all are done.
 */
export function useLiveExports(initial: TExport[]) {
  const [exports, setExports] = useState(initial);
  const active = exports
    .filter((e) => ACTIVE_STATUSES.includes(e.status))
    .map((e) => e.id)
    .join(",");

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const ids = active.split(",");
      const results = await Promise.all(
        ids.map((id) =>
          apiFetch<TExport>(`/api/v1/exports/${id}`)
            .then(({ data }) => ({ id, data, gone: false }))
            .catch((err: unknown) => {
              if (err instanceof ApiError && err.status === 401) redirectToLogin();
              return { id, data: null, gone: err instanceof ApiError && err.status === 404 };
            }),
        ),
      );
      if (stopped) return;
      setExports((prev) =>
        prev.flatMap((e) => {
          const r = results.find((x) => x.id === e.id);
          if (!r) return [e];
          if (r.gone) return [];
          return [r.data ?? e];
        }),
      );
      timer = setTimeout(tick, 1000);
    };
    timer = setTimeout(tick, 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active]);

  return { exports, setExports };
}
