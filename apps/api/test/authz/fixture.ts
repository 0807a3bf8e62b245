import { randomBytes } from "node:crypto";
import type { Worker } from "bullmq";
import { createApiToken, revokeApiToken } from "../../src/services/auth/api-tokens.ts";
import type { TTestContext } from "../helpers/app.ts";
import { MIXED_FORM, runExport, seedMixedProject, startExportWorker } from "../helpers/export-fixtures.ts";
import { createTestProject, createUser, importItems, makeItems, type TTestUser } from "../helpers/fixtures.ts";

export const PRINCIPALS = ["anonymous", "revokedToken", "otherLabeler", "aiToken", "labeler", "engineer", "researcher", "admin"] as const;
export type TPrincipal = (typeof PRINCIPALS)[number];

const EXTRA_ITEMS = 60;

/**
 * One world every authz and fuzz request runs against: project P (seedMixedProject: form, items,
 * answers; labeler = its QUALIFIED human h1, aiToken = its AI labeler), project Q with otherLabeler,
 * a completed export of P with a training run, a webhook, a screening attempt and spare items.
 * `new…` helpers make a fresh object per request for routes that consume or delete what they touch.
 */
export async function buildAuthzWorld(ctx: TTestContext) {
  const { app } = ctx;
  const researcher = await createUser(app, "RESEARCHER");
  const engineer = await createUser(app, "ENGINEER");
  const admin = await createUser(app, "ADMIN");
  const seeded = await seedMixedProject(app, researcher);
  const project = seeded.project;
  const labeler = seeded.labelers.h1;
  const ai = seeded.labelers.ai;
  const other = await createTestProject(app, researcher, { name: "Other project" });
  const otherLabeler = await createUser(app, "LABELER");
  await app.prisma.projectMember.create({ data: { projectId: other.id, userId: otherLabeler.id, status: "QUALIFIED" } });

  const revoked = await createApiToken(app.prisma, admin.id, "revoked");
  await revokeApiToken(app.prisma, admin.id, revoked.id);

  const imported = await importItems(app, project.id, researcher, makeItems(EXTRA_ITEMS, 3, "extra"));
  if (imported.statusCode !== 200) throw new Error(`import failed: ${imported.body}`);
  const extras = (await app.prisma.item.findMany({ where: { projectId: project.id, externalId: { startsWith: "extra-" } } })).map(
    (i) => i.id,
  );
  const spareItem = extras.pop() as string;

  const worker: Worker = startExportWorker(ctx);
  const completedExport = await runExport(app, researcher.headers, project.id, {});
  const trainingRun = await app.prisma.trainingRun.create({ data: { exportId: completedExport.id, projectId: project.id } });
  const webhook = await app.prisma.webhook.create({ data: { projectId: project.id, url: "https://hooks.example.test/rw", secret: "s" } });
  const goldAnswers = { rank: [["h1"], ["h2"]] };
  await app.prisma.goldAnswer.create({ data: { itemId: seeded.items.honey, answers: goldAnswers, createdById: researcher.id } });
  const screeningAttempt = await app.prisma.screeningAttempt.create({ data: { projectId: project.id, userId: labeler.id, attempt: 1 } });

  const users: Record<TPrincipal, TTestUser | null> = {
    anonymous: null,
    revokedToken: { ...admin, headers: { authorization: `Bearer ${revoked.token}` } },
    otherLabeler,
    aiToken: ai,
    labeler,
    engineer,
    researcher,
    admin,
  };

  let n = 0;
  const unique = (what: string) => `${what}-${++n}-${randomBytes(3).toString("hex")}`;

  return {
    ctx,
    app,
    users,
    project,
    otherProject: other,
    form: seeded.form,
    formDefinition: MIXED_FORM,
    superRater: seeded.labelers.h2,
    items: seeded.items,
    spareItem,
    labeler,
    researcher,
    admin,
    completedExport,
    trainingRun,
    webhook,
    screeningAttempt,
    unique,
    headersOf: (who: TPrincipal): Record<string, string> => users[who]?.headers ?? {},
    /** A LEASED assignment of the project's labeler on an item nobody else touched. */
    async newAssignment(labelerId = labeler.id) {
      const itemId = extras.pop();
      if (!itemId) throw new Error("authz world ran out of spare items; raise EXTRA_ITEMS");
      const row = await app.prisma.assignment.create({
        data: {
          projectId: project.id,
          itemId,
          labelerId,
          formVersionId: seeded.form.id,
          leaseExpiresAt: new Date(Date.now() + 600_000),
        },
      });
      return row.id;
    },
    /** A spare item with a gold answer, for routes that remove it. */
    async newGoldItem() {
      const itemId = extras.pop();
      if (!itemId) throw new Error("authz world ran out of spare items; raise EXTRA_ITEMS");
      await app.prisma.goldAnswer.create({ data: { itemId, answers: goldAnswers, createdById: researcher.id } });
      return itemId;
    },
    async newWebhook() {
      return (await app.prisma.webhook.create({ data: { projectId: project.id, url: "https://hooks.example.test/x", secret: "s" } })).id;
    },
    async newExport() {
      return (await app.prisma.export.create({ data: { projectId: project.id, requestedById: researcher.id, spec: {} } })).id;
    },
    async newToken(userId: string) {
      return (await createApiToken(app.prisma, userId, unique("token"))).id;
    },
    async newInvitation(): Promise<{ id: string; secret: string }> {
      const res = await app.inject({
        method: "POST",
        url: `/api/v1/projects/${project.id}/invitations`,
        headers: researcher.headers,
        payload: { email: `${unique("invitee")}@test.rankwise.dev` },
      });
      if (res.statusCode !== 201) throw new Error(`invitation failed: ${res.statusCode} ${res.body}`);
      const body = res.json();
      return { id: body.invitation?.id ?? body.id, secret: body.secret };
    },
    close: () => worker.close(),
  };
}

export type TAuthzWorld = Awaited<ReturnType<typeof buildAuthzWorld>>;
