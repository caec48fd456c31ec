import { z } from "zod";
import { identifierTypeSchema } from "./payment-schemas.ts";

/** Rings (GET /v1/rings, GET /v1/rings/:id) as zod schemas for the OpenAPI document and the type checker. */

const unixSeconds = z.int().meta({ description: "Unix seconds." });

export const ringSchema = z
  .object({
    id: z.string().meta({
      description:
        "ring_ followed by the id of its founder (gst_ followed by the same): stable while the founder stays in it.",
      example: "ring_4fQ2k9XbT1mZr8LwP0sVh3Ya",
    }),
    object: z.literal("ring"),
    founder: z.string().meta({ description: "The ring's oldest guest (by founding payment)." }),
    guest_count: z.int(),
    disputed_guest_count: z.int().meta({ description: "Guests with a disputed payment." }),
    payment_count: z.int(),
    refunded_payment_count: z.int().meta({ description: "Payments with any amount refunded." }),
    dispute_count: z.int().meta({ description: "Disputed payments." }),
    failed_payment_count: z.int().meta({ description: "Failed payment attempts (declined or blocked)." }),
    totals: z
      .array(
        z.object({
          currency: z.string().meta({ example: "usd" }),
          spent: z.int().meta({ description: "Succeeded amounts, minor units." }),
          refunded: z.int().meta({ description: "Refunded amounts, minor units." }),
          disputed: z.int().meta({ description: "Amounts of disputed payments, minor units." }),
          failed: z.int().meta({ description: "Amounts of failed attempts, minor units." }),
        }),
      )
      .meta({ description: "Money per currency, in currency order." }),
    first_payment: unixSeconds.nullable(),
    last_payment: unixSeconds.nullable(),
    hub_identifier_count: z.int().meta({
      description: "Hub identifiers its guests used (shown, but they tie no ring together).",
    }),
    risk_score: z.int().min(0).max(100).meta({ description: "0–100; see the README's Risk signals." }),
    risk_flags: z
      .array(z.enum(["disputed", "many_guests", "failed_attempts", "refunds", "hub_identifier"]))
      .meta({ description: "The ring's signals that are on; see the README's Risk signals." }),
  })
  .meta({ id: "Ring" });

const ringIdentifierSchema = z.object({
  type: identifierTypeSchema,
  value: z.string(),
  ring_guest_count: z.int().meta({ description: "How many of the ring's guests used it." }),
  guest_count: z.int().meta({ description: "How many guests of the account used it." }),
  guests: z.array(z.string()).meta({ description: "Up to 10 of the ring's guests that used it." }),
});

export const ringViewSchema = ringSchema
  .extend({
    guests: z
      .array(
        z.object({
          id: z.string(),
          payment_count: z.int(),
          dispute_count: z.int(),
          first_payment: unixSeconds.nullable(),
          last_payment: unixSeconds.nullable(),
          dispute_distance: z.int().nullable().meta({
            description:
              "Hops to the nearest guest with a disputed payment through shared identifiers (0: its own dispute; null: none in reach).",
          }),
        }),
      )
      .meta({ description: "The ring's guests, most recent activity first, up to 100." }),
    guests_truncated: z
      .boolean()
      .meta({ description: "Whether the ring has more guests than `guests` lists." }),
    identifiers: z.array(ringIdentifierSchema).meta({
      description:
        "The identifiers that tie the ring together (used by two of its guests or more), up to 100.",
    }),
    identifiers_truncated: z.boolean(),
    hub_identifiers: z.array(ringIdentifierSchema).meta({
      description: "Hub identifiers its guests used: shown, but they tie nothing together. Up to 100.",
    }),
    hub_identifiers_truncated: z.boolean(),
  })
  .meta({ id: "RingView" });
