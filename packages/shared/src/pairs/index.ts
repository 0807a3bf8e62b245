export * from "./derive-pairs.ts";
