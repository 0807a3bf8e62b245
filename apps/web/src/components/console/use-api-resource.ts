"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../lib/api-client.ts";

export type TResourceState<T> =
  | { status: "loading"; data: null; error: null }
  | { status: "error"; data: null; error: string }
  | { status: "ready"; data: T; error: null };

/**
 * GET one API resource with loading/error/ready states. With `initial` (server-rendered data) the
 * first fetch is skipped. A 401 sends the browser to sign-in; any other failure becomes a message.
 */
export function useApiResource<T>(path: `/api/${string}` | null, initial?: T) {
  const [state, setState] = useState<TResourceState<T>>(
    initial === undefined ? { status: "loading", data: null, error: null } : { status: "ready", data: initial, error: null },
  );
  const [nonce, setNonce] = useState(0);
  /** A request is in flight (also while `ready` data from before is still shown). */
  const [busy, setBusy] = useState(false);
  const skip = useRef(initial !== undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `nonce` is the reload trigger
  useEffect(() => {
    if (!path) return;
    if (skip.current) {
      skip.current = false;
      return;
    }
    const ac = new AbortController();
    setBusy(true);
    setState((s) => (s.status === "ready" ? s : { status: "loading", data: null, error: null }));
    apiFetch<T>(path, { signal: ac.signal })
      .then(({ data }) => {
        if (!ac.signal.aborted) setState({ status: "ready", data: data as T, error: null });
      })
      .catch((err: unknown) => {
        if (ac.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) return redirectToLogin();
        setState({ status: "error", data: null, error: errorMessage(err) });
      })
      .finally(() => {
        if (!ac.signal.aborted) setBusy(false);
      });
    return () => ac.abort();
  }, [path, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback((update: (prev: T) => T) => {
    setState((s) => (s.status === "ready" ? { ...s, data: update(s.data) } : s));
  }, []);
  return { state, busy, reload, setData };
}

/** `value`, once it has stayed the same for `delay` ms (for previews that call the API while typing). */
export function useDebouncedValue<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(t);
  }, [value, delay]);
  return debounced;
}
