/**
 * The API's base URL, read on every call so one build can be pointed at any API at start time
 * (`API_URL=… next start`). The only place the web app reads process.env.
 */
export function apiBaseUrl(): string {
  return (process.env.API_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, "");
}
