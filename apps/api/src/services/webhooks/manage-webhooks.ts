import type { TCreatedWebhook, TCreateWebhookRequest, TWebhook, TWebhookDelivery } from "@rankwise/shared";
import { ZCreateWebhookRequest } from "@rankwise/shared";
import type { Webhook, WebhookDelivery } from "../../generated/prisma/client.ts";
import { notFound } from "../../lib/app-error.ts";
import type { TDb } from "../../lib/prisma.ts";
import { createSecret } from "../../lib/tokens.ts";

export const WEBHOOK_SECRET_PREFIX = "whsec_";

export function toWebhook(row: Webhook): TWebhook {
  return {
    id: row.id,
    projectId: row.projectId,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toWebhookDelivery(row: WebhookDelivery): TWebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhookId,
    event: row.event,
    exportId: row.exportId,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    payload: row.payload,
  };
}

/** The signing secret is stored as is (HMAC needs it) and shown only in this reply. */
export async function createWebhook(db: TDb, projectId: string, input: TCreateWebhookRequest): Promise<TCreatedWebhook> {
  const data = ZCreateWebhookRequest.parse(input);
  const secret = createSecret(WEBHOOK_SECRET_PREFIX);
  const row = await db.webhook.create({ data: { projectId, url: data.url, events: data.events, enabled: data.enabled, secret } });
  return { ...toWebhook(row), secret };
}

export async function listWebhooks(db: TDb, projectId: string): Promise<TWebhook[]> {
  const rows = await db.webhook.findMany({ where: { projectId }, orderBy: { createdAt: "asc" } });
  return rows.map(toWebhook);
}

export async function findWebhook(db: TDb, projectId: string, webhookId: string): Promise<Webhook> {
  const row = await db.webhook.findFirst({ where: { id: webhookId, projectId } });
  if (!row) throw notFound("Webhook");
  return row;
}

/** Deleting drops its delivery log too; a delivery still queued finds nothing and stops. */
export async function deleteWebhook(db: TDb, projectId: string, webhookId: string): Promise<TWebhook> {
  const row = await findWebhook(db, projectId, webhookId);
  const { count } = await db.webhook.deleteMany({ where: { id: row.id, projectId } });
  if (count === 0) throw notFound("Webhook");
  return toWebhook(row);
}

export async function listDeliveries(db: TDb, projectId: string, webhookId: string, limit: number): Promise<TWebhookDelivery[]> {
  await findWebhook(db, projectId, webhookId);
  const rows = await db.webhookDelivery.findMany({ where: { webhookId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: limit });
  return rows.map(toWebhookDelivery);
}
