import { WEBHOOK_SIGNATURE_HEADER } from "@rankwise/shared";
import type { TPrisma } from "../../lib/prisma.ts";
import { signWebhook } from "./sign-webhook.ts";

export type TAttemptResult = { outcome: "delivered" | "failed" | "gone"; statusCode: number | null; error: string | null };

const USER_AGENT = "Rankwise-Webhooks/1";

/** The start of a failing endpoint's reply, so the delivery log says why without storing whole pages. */
async function snippet(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}

/**
 * One POST of one delivery, recorded on the delivery row: attempts + 1, last status code and error,
 * DELIVERED (with deliveredAt) on a 2xx, FAILED when `final` and it did not succeed, PENDING otherwise.
 * Redirects are not followed (a 3xx is a failure): the configured URL is the only one that gets the body.
 */
export async function attemptDelivery(
  prisma: TPrisma,
  deliveryId: string,
  opts: { final: boolean; timeoutMs: number },
): Promise<TAttemptResult> {
  const delivery = await prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { webhook: true } });
  if (!delivery) return { outcome: "gone", statusCode: null, error: "delivery no longer exists (webhook deleted)" };
  if (delivery.status === "DELIVERED") return { outcome: "delivered", statusCode: delivery.lastStatusCode, error: null };
  if (!delivery.webhook.enabled) {
    await prisma.webhookDelivery.updateMany({ where: { id: deliveryId }, data: { status: "FAILED", lastError: "webhook disabled" } });
    return { outcome: "gone", statusCode: null, error: "webhook disabled" };
  }

  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(delivery.webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "x-rankwise-event": delivery.event,
        "x-rankwise-delivery": delivery.id,
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(delivery.webhook.secret, body, timestamp),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    statusCode = res.status;
    if (res.status >= 200 && res.status < 300) await res.body?.cancel();
    else {
      const text = await snippet(res);
      error = text ? `HTTP ${res.status}: ${text}` : `HTTP ${res.status}`;
    }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    error = e.name === "TimeoutError" ? `timed out after ${opts.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
  }

  const delivered = error === null;
  // updateMany: the webhook (and with it this row) may have been deleted while the request ran.
  await prisma.webhookDelivery.updateMany({
    where: { id: deliveryId },
    data: {
      attempts: { increment: 1 },
      lastStatusCode: statusCode,
      lastError: error,
      status: delivered ? "DELIVERED" : opts.final ? "FAILED" : "PENDING",
      deliveredAt: delivered ? new Date() : null,
    },
  });
  return { outcome: delivered ? "delivered" : "failed", statusCode, error };
}
