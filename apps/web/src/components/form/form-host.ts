"use client";

import { createContext, useContext } from "react";

/**
 * What a page hosting a FormRenderer can offer it, beyond the props contract (the console's live
 * preview provides none of this and gets sensible defaults):
 * - `announce`: the page's live region (otherwise the form has its own);
 * - `onSubmit`: Enter on a ranking row submits, as on the original ranking page;
 * - `onActiveResponses`: the responses the focused control is about, to highlight them;
 * - `disabled`: while a submit is in flight.
 */
export type TFormHost = {
  announce?: (message: string) => void;
  onSubmit?: () => void;
  onActiveResponses?: (ids: readonly string[]) => void;
  disabled?: boolean;
};

export const FormHostContext = createContext<TFormHost>({});

export function useFormHost(): TFormHost {
  return useContext(FormHostContext);
}
