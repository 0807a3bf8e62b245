/**
 * Who may call what: one entry per API route, keyed `"METHOD /path"` exactly as Fastify registers it
 * (see `listApiRoutes`). authz-matrix.test.ts fails for a route without an entry and for an entry
 * without a route, so adding a route means adding a line here.
 *
 * An entry is `{ access, request? }`:
 * - `access` gives each principal's outcome. Build it with `PUBLIC` (no sign-in needed, everyone gets
 *   through) or `signedIn({ ... })`: anonymous and revoked tokens get 401, the principals you list get
 *   what you give them, every other principal 403. Outcomes: `OK` (anything but 401/403/404: a 400 or
 *   409 still proves the caller got past access control), or exactly 401, 403 or 404 (404 where the
 *   caller must not learn that the object exists, e.g. a labeler outside the project).
 * - `request(world, who)` returns the path params, query and body to send. Leave it out when the
 *   defaults fit: path params come from `defaultParam` below and no body is sent. Return fresh objects
 *   (world.new…) for routes that consume or delete what they touch, so every principal gets its own.
 *
 * Principals (test/authz/fixture.ts): anonymous; labeler (QUALIFIED member of project P);
 * otherLabeler (member of project Q only); aiToken (AI labeler, QUALIFIED member of P, bearer token);
 * engineer; researcher; admin; revokedToken (a revoked token of the admin).
 */
import { MANIFEST_FILE } from "@rankwise/shared";
import type { TAuthzWorld, TPrincipal } from "./fixture.ts";

export const OK = "ok" as const;
export type TOutcome = typeof OK | 401 | 403 | 404;
export type TAccess = Record<TPrincipal, TOutcome>;
export type TRequestSpec = {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
};
export type TExpectation = { access: TAccess; request?: (world: TAuthzWorld, who: TPrincipal) => TRequestSpec | Promise<TRequestSpec> };

export const PUBLIC: TAccess = {
  anonymous: OK,
  revokedToken: OK,
  otherLabeler: OK,
  aiToken: OK,
  labeler: OK,
  engineer: OK,
  researcher: OK,
  admin: OK,
};

export function signedIn(allowed: Partial<Record<Exclude<TPrincipal, "anonymous" | "revokedToken">, TOutcome>>): TAccess {
  return {
    anonymous: 401,
    revokedToken: 401,
    otherLabeler: 403,
    aiToken: 403,
    labeler: 403,
    engineer: 403,
    researcher: 403,
    admin: 403,
    ...allowed,
  };
}

const EVERYONE = signedIn({ otherLabeler: OK, aiToken: OK, labeler: OK, engineer: OK, researcher: OK, admin: OK });
const ADMIN = signedIn({ admin: OK });
const RESEARCHERS = signedIn({ researcher: OK, admin: OK });
const STAFF = signedIn({ engineer: OK, researcher: OK, admin: OK });
/** Project P readers: its members, staff; a labeler elsewhere does not learn it exists. */
const PROJECT_READERS = signedIn({ labeler: OK, aiToken: OK, otherLabeler: 404, engineer: OK, researcher: OK, admin: OK });
/** Labelers working in P. Admins pass the role check but are not members, so P is "not found" for them. */
const PROJECT_LABELERS = signedIn({ labeler: OK, aiToken: OK, otherLabeler: 404, admin: 404 });
/** The labeler's own assignment or attempt: other labelers (and admins) get 404, never someone else's work. */
const OWNER_LABELER = signedIn({ labeler: OK, aiToken: 404, otherLabeler: 404, admin: 404 });

const userOf = (w: TAuthzWorld, who: TPrincipal) => w.users[who] ?? w.admin;
const email = (w: TAuthzWorld, what: string) => `${w.unique(what)}@test.rankwise.dev`;
const jsonl = (w: TAuthzWorld) =>
  `${JSON.stringify({ external_id: w.unique("authz"), prompt: "Q?", responses: [{ content: "a" }, { content: "b" }] })}\n`;

export const EXPECTATIONS: Record<string, TExpectation> = {
  "GET /api/healthz": { access: PUBLIC },
  "GET /api/metrics": { access: PUBLIC },
  "POST /api/v1/auth/login": {
    access: PUBLIC,
    request: (w) => ({ body: { email: w.researcher.email, password: "correct horse battery staple" } }),
  },
  "POST /api/v1/auth/logout": { access: PUBLIC },
  "GET /api/v1/invitations/:secret": { access: PUBLIC, request: async (w) => ({ params: { secret: (await w.newInvitation()).secret } }) },
  "POST /api/v1/invitations/:secret/accept": {
    access: PUBLIC,
    request: async (w) => ({
      params: { secret: (await w.newInvitation()).secret },
      body: { name: "New labeler", password: "a long enough password" },
    }),
  },

  "GET /api/v1/me": { access: EVERYONE },
  "GET /api/v1/tokens": { access: EVERYONE },
  "POST /api/v1/tokens": { access: EVERYONE, request: () => ({ body: { name: "authz" } }) },
  "DELETE /api/v1/tokens/:id": { access: EVERYONE, request: async (w, who) => ({ params: { id: await w.newToken(userOf(w, who).id) } }) },

  "GET /api/v1/admin/users": { access: ADMIN },
  "POST /api/v1/admin/users": {
    access: ADMIN,
    request: (w) => ({ body: { email: email(w, "created"), name: "Created", role: "LABELER", password: "a long enough password" } }),
  },
  "PATCH /api/v1/admin/users/:id": {
    access: ADMIN,
    request: (w) => ({ params: { id: w.users.engineer?.id ?? "" }, body: { name: "Eng" } }),
  },
  "POST /api/v1/admin/users/:id/tokens": {
    access: ADMIN,
    request: (w) => ({ params: { id: w.users.engineer?.id ?? "" }, body: { name: "for engineer" } }),
  },
  "GET /api/v1/admin/tokens": { access: ADMIN },
  "DELETE /api/v1/admin/tokens/:id": { access: ADMIN, request: async (w) => ({ params: { id: await w.newToken(w.labeler.id) } }) },
  "GET /api/v1/admin/invitations": { access: ADMIN },
  "POST /api/v1/admin/invitations": { access: ADMIN, request: (w) => ({ body: { email: email(w, "inv"), role: "ENGINEER" } }) },
  "DELETE /api/v1/admin/invitations/:id": { access: ADMIN, request: async (w) => ({ params: { id: (await w.newInvitation()).id } }) },
  "GET /api/v1/admin/audit": { access: ADMIN },

  "GET /api/v1/projects": { access: EVERYONE },
  "POST /api/v1/projects": { access: RESEARCHERS, request: () => ({ body: { name: "Authz project" } }) },
  "GET /api/v1/projects/:id": { access: PROJECT_READERS },
  "GET /api/v1/projects/:id/members": { access: RESEARCHERS },
  "POST /api/v1/projects/:id/members": {
    access: RESEARCHERS,
    request: async (w) => {
      const u = await w.app.prisma.user.create({ data: { email: email(w, "member"), name: "Member", role: "LABELER" } });
      return { body: { email: u.email } };
    },
  },
  "POST /api/v1/projects/:id/members/:userId/status": {
    access: RESEARCHERS,
    request: (w) => ({ params: { userId: w.superRater.id }, body: { status: "SUPER_RATER", reason: "authz check" } }),
  },
  "GET /api/v1/projects/:id/items": { access: RESEARCHERS },
  "POST /api/v1/projects/:id/items/import": {
    access: RESEARCHERS,
    request: (w) => ({ body: jsonl(w), contentType: "application/x-ndjson" }),
  },
  "GET /api/v1/projects/:id/items/browse": { access: RESEARCHERS },
  "GET /api/v1/projects/:id/items/:itemId/annotations": { access: RESEARCHERS },
  "POST /api/v1/projects/:id/items/:itemId/flags/resolve": { access: RESEARCHERS, request: () => ({ body: {} }) },
  "GET /api/v1/projects/:id/tasks/next": { access: signedIn({ labeler: OK, aiToken: OK, otherLabeler: 404 }) },
  "GET /api/v1/projects/:id/form": { access: STAFF },
  "GET /api/v1/projects/:id/form/versions": { access: STAFF },
  "PUT /api/v1/projects/:id/form": { access: RESEARCHERS, request: (w) => ({ body: { definition: w.formDefinition } }) },
  "GET /api/v1/projects/:id/screening": { access: STAFF },
  "PUT /api/v1/projects/:id/screening": { access: RESEARCHERS, request: () => ({ body: { enabled: false } }) },
  "GET /api/v1/projects/:id/screening/me": { access: PROJECT_LABELERS },
  "POST /api/v1/projects/:id/screening/attempts": { access: PROJECT_LABELERS },
  "GET /api/v1/projects/:id/quality": { access: STAFF },
  "PUT /api/v1/projects/:id/quality": { access: RESEARCHERS, request: () => ({ body: {} }) },
  "POST /api/v1/projects/:id/quality/recompute": { access: RESEARCHERS },
  "GET /api/v1/projects/:id/quality/members": { access: RESEARCHERS },
  "GET /api/v1/projects/:id/agreement": { access: STAFF },
  "GET /api/v1/projects/:id/exports": { access: STAFF },
  "POST /api/v1/projects/:id/exports": { access: STAFF, request: () => ({ body: {} }) },
  "POST /api/v1/projects/:id/exports/preview": { access: STAFF, request: () => ({ body: {} }) },
  "GET /api/v1/projects/:id/webhooks": { access: STAFF },
  "POST /api/v1/projects/:id/webhooks": { access: STAFF, request: () => ({ body: { url: "https://hooks.example.test/new" } }) },
  "DELETE /api/v1/projects/:id/webhooks/:webhookId": {
    access: STAFF,
    request: async (w) => ({ params: { webhookId: await w.newWebhook() } }),
  },
  "GET /api/v1/projects/:id/webhooks/:webhookId/deliveries": { access: STAFF },
  "GET /api/v1/projects/:id/audit": { access: RESEARCHERS },
  "GET /api/v1/projects/:id/invitations": { access: RESEARCHERS },
  "POST /api/v1/projects/:id/invitations": { access: RESEARCHERS, request: (w) => ({ body: { email: email(w, "pinv") } }) },
  "DELETE /api/v1/projects/:id/invitations/:invitationId": {
    access: RESEARCHERS,
    request: async (w) => ({ params: { invitationId: (await w.newInvitation()).id } }),
  },

  "GET /api/v1/exports/:id": { access: STAFF },
  "POST /api/v1/exports/:id/cancel": { access: STAFF, request: async (w) => ({ params: { id: await w.newExport() } }) },
  "DELETE /api/v1/exports/:id": { access: STAFF, request: async (w) => ({ params: { id: await w.newExport() } }) },
  "GET /api/v1/exports/:id/download": { access: STAFF },
  "GET /api/v1/exports/:id/url": { access: STAFF },
  "GET /api/v1/exports/:id/manifest": { access: STAFF },
  "GET /api/v1/exports/:id/files/:name": { access: STAFF },

  "PATCH /api/v1/items/:id": { access: RESEARCHERS, request: (w) => ({ params: { id: w.spareItem }, body: { superRatersOnly: false } }) },
  "GET /api/v1/items/:id/gold": { access: RESEARCHERS },
  "PUT /api/v1/items/:id/gold": { access: RESEARCHERS, request: () => ({ body: { answers: { rank: [["h1"], ["h2"]] } } }) },
  "DELETE /api/v1/items/:id/gold": { access: RESEARCHERS, request: async (w) => ({ params: { id: await w.newGoldItem() } }) },

  "POST /api/v1/assignments/:id/annotations": {
    access: OWNER_LABELER,
    request: () => ({ body: { answers: { rank: [["r1"], ["r2"], ["r3"]] } } }),
  },
  "POST /api/v1/assignments/:id/skip": { access: OWNER_LABELER, request: () => ({ body: { reason: "unclear" } }) },
  "POST /api/v1/assignments/:id/flag": { access: OWNER_LABELER, request: () => ({ body: { reason: "unclear" } }) },
  "POST /api/v1/assignments/:id/undo": { access: OWNER_LABELER },
  "POST /api/v1/screening-attempts/:id/submit": { access: OWNER_LABELER, request: () => ({ body: { answers: {} } }) },

  "GET /api/v1/training-runs": { access: STAFF, request: (w) => ({ query: { exportId: w.completedExport.id } }) },
  "GET /api/v1/training-runs/:id": { access: STAFF },
  "POST /api/v1/training-runs/:id/events": { access: STAFF, request: () => ({ body: { step: 1 } }) },
};

/** Path params not given by an entry's request(): the world's object for the resource the path names. */
export async function defaultParam(world: TAuthzWorld, url: string, name: string): Promise<string> {
  const resource = url.split("/")[3];
  if (name === "id") {
    switch (resource) {
      case "projects":
        return world.project.id;
      case "exports":
        return world.completedExport.id;
      case "items":
        return world.items.honey;
      case "assignments":
        return world.newAssignment();
      case "training-runs":
        return world.trainingRun.id;
      case "screening-attempts":
        return world.screeningAttempt.id;
    }
  }
  if (name === "itemId") return world.items.capital;
  if (name === "userId") return world.superRater.id;
  if (name === "webhookId") return world.webhook.id;
  if (name === "name") return MANIFEST_FILE;
  throw new Error(`no default for :${name} in ${url}; give the entry a request()`);
}
