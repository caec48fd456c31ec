import express, { Router } from "express";
import Stripe from "stripe";
import { z } from "zod";
import type { Database } from "../../graph/database.ts";
import { toParseError } from "../../ingest/parse-error.ts";
import { StripeEventReceiver } from "../../ingest/receive-stripe-event.ts";
import { handledEventTypes, stripeEventSchema } from "../../ingest/stripe-events.ts";
import { webhookEvents } from "../../metrics.ts";
import { ApiError, invalidRequest } from "../errors.ts";
import { type ApiDocs, errorResponseRef } from "../openapi.ts";

/**
 * POST /v1/webhooks/stripe: Stripe's own deliveries. No API key: the `Stripe-Signature` header over the
 * raw body, checked by the official `stripe` package against each endpoint secret (several while one is
 * rotated) with Stripe's default tolerance of 300 s, is the authentication. Mounted before the API key
 * check. The event is applied before the 2xx (StripeEventReceiver), so an acknowledged event is never lost.
 */

export const webhookPath = "/v1/webhooks/stripe";

/** Stripe's events are a few kilobytes; a charge with everything expanded stays far below this. */
const maxEventSize = "1mb";

export function stripeWebhookRoutes(options: {
  db: Database;
  secrets: readonly string[];
  defaultAccount: string;
}): Router {
  const router = Router();
  const receiver = new StripeEventReceiver(options.db, options.defaultAccount);
  router.post(webhookPath, express.raw({ type: () => true, limit: maxEventSize }), async (req, res) => {
    const event = verifiedEvent(req.body, req.headers["stripe-signature"], options.secrets);
    const parsed = stripeEventSchema.safeParse(event);
    if (!parsed.success) {
      const error = toParseError(parsed.error, event);
      throw invalidRequest(error.code, `${error.message} (not a Stripe event)`, error.param);
    }
    const result = await receiver.receive(parsed.data);
    // Types beyond those taken are one label, so that the metric's size stays bounded.
    const type = (handledEventTypes as readonly string[]).includes(parsed.data.type)
      ? parsed.data.type
      : "other";
    webhookEvents.inc({ type, outcome: result.ok ? result.receipt.outcome : "refused" });
    if (!result.ok) throw invalidRequest(result.error.code, result.error.message, result.error.param);
    res.json({ object: "webhook_receipt", received: true, ...result.receipt });
  });
  return router;
}

function verifiedEvent(
  body: unknown,
  header: string | string[] | undefined,
  secrets: readonly string[],
): unknown {
  if (secrets.length === 0) {
    throw new ApiError(
      503,
      "api_error",
      "webhooks_not_configured",
      "Stripe webhooks are not set up here: set STRIPE_WEBHOOK_SECRET to the endpoint's signing secret (whsec_…).",
    );
  }
  if (typeof header !== "string" || header.trim() === "") {
    throw invalidRequest(
      "webhook_signature_missing",
      "Missing Stripe-Signature header: only Stripe's signed deliveries are accepted here.",
      "Stripe-Signature",
    );
  }
  const payload = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  let stale = false;
  for (const secret of secrets) {
    try {
      return Stripe.webhooks.constructEvent(payload, header, secret);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) throw error;
      stale ||= /tolerance/i.test(error.message);
    }
  }
  throw stale
    ? invalidRequest(
        "webhook_signature_expired",
        "The Stripe-Signature timestamp is more than 300 seconds away from now: a replayed or delayed delivery is refused (check this machine's clock).",
        "Stripe-Signature",
      )
    : invalidRequest(
        "webhook_signature_invalid",
        "The Stripe-Signature header does not match the body for any endpoint secret in STRIPE_WEBHOOK_SECRET.",
        "Stripe-Signature",
      );
}

const receiptSchema = z.object({
  object: z.literal("webhook_receipt"),
  received: z.literal(true),
  id: z.string().meta({ description: "The event's id (evt_…)." }),
  type: z.string(),
  account: z.string().meta({
    description:
      "The merchant account it was applied to: the event's `account` (Connect), else GUESTGRAPH_DEFAULT_ACCOUNT.",
  }),
  outcome: z.enum(["created", "updated", "unchanged", "deferred", "skipped", "duplicate"]),
  payment: z.string().nullable(),
  reason: z.string().nullable(),
  redacted: z.array(z.string()).meta({
    description: "Fields where a card number was found and stored masked (all but its last four digits).",
  }),
});

export function documentStripeWebhooks(docs: ApiDocs): void {
  docs.registry.registerPath({
    method: "post",
    path: webhookPath,
    summary: "Receive a Stripe event",
    description:
      "Stripe's webhook endpoint. No API key: the `Stripe-Signature` header (checked against STRIPE_WEBHOOK_SECRET, " +
      "300 s tolerance) authenticates the raw body. Takes " +
      handledEventTypes.join(", ") +
      "; any other type answers 200 and is skipped. Applied before the answer; a redelivered event changes nothing.",
    tags: ["webhooks"],
    security: [],
    request: {
      headers: z.object({
        "Stripe-Signature": z.string().meta({ description: "t=…,v1=… as Stripe signs it" }),
      }),
      body: {
        content: { "application/json": { schema: z.looseObject({ id: z.string(), type: z.string() }) } },
      },
    },
    responses: {
      200: {
        description: "Applied (or skipped)",
        content: { "application/json": { schema: receiptSchema } },
      },
      400: errorResponseRef(400),
      413: errorResponseRef(413),
      503: {
        description:
          "STRIPE_WEBHOOK_SECRET is not set, or Neo4j is unavailable: nothing was applied, Stripe retries.",
      },
    },
  });
}
