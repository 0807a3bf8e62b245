import type { FastifySchema } from "fastify";
import type { TApp } from "../../src/app.ts";

/** Served by @fastify/swagger(-ui): static documentation, the same for everyone. */
export const DOCS_ROUTE_PREFIXES = ["/api/docs", "/api/openapi.json"] as const;

export type TRoute = { method: string; url: string; key: string; schema: FastifySchema | undefined };

/**
 * Every API route of the real app, from the route table the security plugin records as routes are
 * registered. HEAD twins of GET routes and the documentation routes are left out.
 */
export function listApiRoutes(app: TApp): TRoute[] {
  const seen = new Map<string, TRoute>();
  for (const { method, url, schema } of app.routeTable) {
    if (method === "HEAD" || method === "OPTIONS") continue;
    if (DOCS_ROUTE_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`))) continue;
    const key = `${method} ${url}`;
    seen.set(key, { method, url, key, schema });
  }
  return [...seen.values()].sort((a, b) => a.key.localeCompare(b.key));
}
