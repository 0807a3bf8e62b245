import type { TImportLine } from "@rankwise/shared";
import { expect } from "vitest";
import type { TTestContext } from "./app.ts";
import { importItems, makeItems, type TTestUser } from "./fixtures.ts";

export type TApi = ReturnType<typeof makeApi>;

/** `api("GET", "/projects/...", user, body?)` against /api/v1. */
export function makeApi(ctx: TTestContext) {
  return (method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE", url: string, user: TTestUser, payload?: unknown) =>
    ctx.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: user.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}

/** Items of one role: `role` is the import line field ("screening" | "honeypot"), absent for live items. */
export function makeRoleItems(count: number, prefix: string, role?: "screening" | "honeypot"): TImportLine[] {
  return makeItems(count, 3, prefix).map((line) => (role ? { ...line, role } : line));
}

/** Imports lines and returns the created items' ids by external id. */
export async function importAndMap(
  ctx: TTestContext,
  projectId: string,
  researcher: TTestUser,
  lines: TImportLine[],
): Promise<Map<string, string>> {
  const res = await importItems(ctx.app, projectId, researcher, lines);
  expect(res.statusCode, res.body).toBe(200);
  const rows = await ctx.app.prisma.item.findMany({ where: { projectId }, select: { id: true, externalId: true } });
  return new Map(rows.map((r) => [r.externalId, r.id]));
}

export async function putGold(api: TApi, researcher: TTestUser, itemId: string, answers: Record<string, unknown>) {
  const res = await api("PUT", `/items/${itemId}/gold`, researcher, { answers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The tier changes of one member, oldest first. */
export async function tierChanges(ctx: TTestContext, projectId: string, userId: string) {
  return ctx.app.prisma.tierChange.findMany({ where: { projectId, userId }, orderBy: { createdAt: "asc" } });
}

/** Every string leaf of a JSON value, to look for gold values in responses. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectStrings(v, out);
  return out;
}

/** The structure of a JSON value: keys and value types, arrays reduced to their first element. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shapeOf((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value;
}
