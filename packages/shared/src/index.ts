export * from "./errors.ts";
export * from "./exports.ts";
export * from "./items.ts";
export * from "./pairs/index.ts";
export * from "./projects.ts";
export * from "./tasks.ts";
export * from "./users.ts";
