export * from "./answer-schema.ts";
export * from "./form-definition.ts";
