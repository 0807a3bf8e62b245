import { readFileSync } from "node:fs";

/** The API package's version, as written into export manifests. */
export const APP_VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string })
  .version;
