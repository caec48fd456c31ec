import { z } from "zod";

/** A guest as the Customers tab lists it; the guest view and search results extend it. */

const cardSchema = z
  .object({
    brand: z.string().nullable().meta({ example: "visa" }),
    last4: z.string().nullable().meta({ example: "4242" }),
    fingerprint: z.string().meta({ example: "Xt5EWLLDS7FJjR1c" }),
  })
  .meta({ id: "GuestCard" });

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
    risk_flags: z
      .array(z.string())
      .meta({ description: "Risk flags (coming with the risk rules; empty for now)." }),
  })
  .meta({ id: "GuestListItem" });
