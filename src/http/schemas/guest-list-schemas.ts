import { z } from "zod";
import { guestFlagNames, type RadarSignals, radarSignalNames } from "../../domain/risk.ts";

/** A guest as the Customers tab lists it; the guest view and search results extend it. */

const cardSchema = z
  .object({
    brand: z.string().nullable().meta({ example: "visa" }),
    last4: z.string().nullable().meta({ example: "4242" }),
    fingerprint: z.string().meta({ example: "Xt5EWLLDS7FJjR1c" }),
  })
  .meta({ id: "GuestCard" });

export const guestFlagSchema = z.enum(guestFlagNames);

const radarSchema = z
  .object(
    Object.fromEntries(radarSignalNames.map((name) => [name, z.int()])) as Record<
      keyof RadarSignals,
      z.ZodInt
    >,
  )
  .meta({ id: "RadarSignals" });

const guestRiskSchema = z
  .object({
    score: z.int().min(0).max(100).meta({ description: "0–100; see the README's Risk signals." }),
    ring: z
      .string()
      .nullable()
      .meta({ description: "The ring the guest is in (GET /v1/rings/:id), or null." }),
    ring_size: z.int().meta({ description: "Guests in that ring; 0 when in none." }),
    dispute_distance: z.int().nullable().meta({
      description:
        "Hops to the nearest guest with a disputed payment through shared (non-hub) identifiers: 0 for its own dispute, null when none is in reach.",
    }),
    identifiers_shared_with_disputed_guests: z.int().meta({
      description: "How many of its (non-hub) identifiers another guest with a disputed payment used.",
    }),
    hub_identifiers: z.int().meta({ description: "How many hub identifiers it used." }),
    radar: radarSchema.nullable().meta({
      description:
        "Stripe Radar's rule attributes, by Radar's names and definitions, computed from the graph (README, Risk signals); null until computed.",
    }),
  })
  .meta({ id: "GuestRisk" });

export const guestListItemSchema = z
  .object({
    id: z.string().meta({ example: "gst_4mJ9xQ2vL8nR3tY6wB1cD5fH" }),
    object: z.literal("guest"),
    primary_email: z.string().nullable().meta({
      description: "The email of the guest's most recent payment that has one.",
      example: "jenny.rosen@example.com",
    }),
    primary_phone: z.string().nullable().meta({
      description: "The phone of the guest's most recent payment that has one (E.164, or digits as written).",
      example: "+442079460958",
    }),
    primary_card: cardSchema
      .nullable()
      .meta({ description: "The card of the guest's most recent payment that has one." }),
    payment_count: z.number().int(),
    totals: z
      .array(
        z.object({
          currency: z.string().meta({ example: "usd" }),
          spent: z.number().int().meta({ description: "Succeeded amounts, minor units." }),
          refunded: z.number().int().meta({ description: "Refunded amounts, minor units." }),
        }),
      )
      .meta({ description: "Money per currency, in currency order." }),
    dispute_count: z.number().int(),
    first_payment: z.number().int().nullable().meta({ description: "Unix seconds.", example: 1679090539 }),
    last_payment: z.number().int().nullable().meta({ description: "Unix seconds.", example: 1700000000 }),
    risk_flags: z.array(guestFlagSchema).meta({
      description: "The guest's risk signals that are on; each is defined in the README's Risk signals.",
    }),
    risk: guestRiskSchema,
  })
  .meta({ id: "GuestListItem" });
