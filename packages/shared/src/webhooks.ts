import { z } from "zod";
import { ZExportFormat } from "./exports.ts";
import { ZTrainingJobFile } from "./handoff.ts";

/** Events a webhook can subscribe to. */
export const WEBHOOK_EVENTS = ["export.completed"] as const;
export const ZWebhookEventName = z.enum(WEBHOOK_EVENTS);
export type TWebhookEventName = z.infer<typeof ZWebhookEventName>;

/** `X-Rankwise-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` */
export const WEBHOOK_SIGNATURE_HEADER = "x-rankwise-signature";

/** Only http(s): a webhook is an HTTP POST, and other schemes (file:, ftp:, javascript:) have no business here. */
export const ZWebhookUrl = z.url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL" }).max(2048);

export const ZCreateWebhookRequest = z.object({
  url: ZWebhookUrl,
  events: z
    .array(ZWebhookEventName)
    .min(1)
    .default(["export.completed"])
    .refine((e) => new Set(e).size === e.length, "events must be unique"),
  enabled: z.boolean().default(true),
});
export type TCreateWebhookRequest = z.input<typeof ZCreateWebhookRequest>;

export const ZWebhook = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type TWebhook = z.infer<typeof ZWebhook>;

/** Returned once, at creation: the only time the signing secret is visible. */
export const ZCreatedWebhook = ZWebhook.extend({ secret: z.string() });
export type TCreatedWebhook = z.infer<typeof ZCreatedWebhook>;

export const ZWebhookList = z.object({ webhooks: z.array(ZWebhook) });

export const ZWebhookParams = z.object({ id: z.uuid(), webhookId: z.uuid() });

export const ZDeliveryStatus = z.enum(["PENDING", "DELIVERED", "FAILED"]);
export type TDeliveryStatus = z.infer<typeof ZDeliveryStatus>;

/** One event sent to one webhook, however many attempts it took. */
export const ZWebhookDelivery = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  event: z.string(),
  exportId: z.uuid().nullable(),
  /** PENDING while attempts remain, DELIVERED on a 2xx, FAILED once every attempt failed. */
  status: ZDeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
  /** The JSON body that was signed and sent. */
  payload: z.unknown(),
});
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;

export const ZWebhookDeliveryList = z.object({ deliveries: z.array(ZWebhookDelivery) });

/**
 * The body of an `export.completed` delivery. `id` is the delivery id (also in `X-Rankwise-Delivery`):
 * retries of one delivery carry the same id, so receivers can drop duplicates.
 */
export const ZExportCompletedEventV1 = z.object({
  v: z.literal(1),
  id: z.uuid(),
  event: z.literal("export.completed"),
  createdAt: z.iso.datetime(),
  data: z.object({
    exportId: z.uuid(),
    projectId: z.uuid(),
    format: ZExportFormat,
    criterion: z.string().nullable(),
    /** sha256 over the export's files, as in `GET /exports/:id`. */
    sha256: z.string().nullable(),
    files: z.array(ZTrainingJobFile),
    /** Absolute URL of `GET /api/v1/exports/:id`. */
    exportUrl: z.url(),
    /** The training run started for this export, if the project hands off to a training queue. */
    trainingRunId: z.uuid().nullable(),
  }),
});
export type TExportCompletedEventV1 = z.infer<typeof ZExportCompletedEventV1>;

export const ZWebhookDeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** The job payload on the `webhooks` queue: one job per delivery, retried with backoff by BullMQ. */
export const ZWebhookDeliveryJob = z.object({ v: z.literal(1), deliveryId: z.uuid() });
export type TWebhookDeliveryJob = z.infer<typeof ZWebhookDeliveryJob>;
