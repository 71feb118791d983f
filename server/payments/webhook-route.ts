import express, { type Router } from "express";
import type { Logger } from "../logger";
import type { Services } from "../services";

/** Stripe's events are small; anything larger is not from Stripe. */
const MAX_WEBHOOK_BYTES = 512 * 1024;

/**
 * POST /webhooks/stripe: the raw body (never parsed before its signature is checked), verified with the signing
 * secret; 400 for a bad or stale signature (Stripe retries only on failures it can fix, and a forger learns
 * nothing), 200 once the event is recorded — also for a duplicate, so Stripe stops retrying it.
 */
export function stripeWebhookRouter(services: Services, log: Logger): Router {
  const router = express.Router();
  router.post("/webhooks/stripe", express.raw({ type: () => true, limit: MAX_WEBHOOK_BYTES }), async (req, res) => {
    const card = services.payments.card;
    if (!card) return void res.status(404).json({ error: { code: "NOT_FOUND" } });
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const result = await card.webhook(body, req.header("stripe-signature"));
      if (!result.ok) return void res.status(400).json({ error: { code: result.code } });
      res.json({ received: true, outcome: result.outcome });
    } catch (error) {
      // Nothing was committed: Stripe retries, and the event is applied then.
      log.error({ err: error }, "stripe webhook failed");
      res.status(500).json({ error: { code: "UNAVAILABLE" } });
    }
  });
  return router;
}
