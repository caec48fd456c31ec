import { z } from "zod";
import { listObjectSchema } from "../pagination.ts";
import { identifierTypeSchema } from "./payment-schemas.ts";

/** GET /v1/identifiers/:type/:value and its lists of guests and customers. */

const unixSeconds = z.int().meta({ description: "Unix seconds." });

export const identifierUserSchema = z
  .object({
    id: z.string().meta({
      description: "The guest's or registered customer's id.",
      example: "gst_4fQ2k9XbT1mZr8LwP0sVh3Ya",
    }),
    object: z.literal("identifier_user"),
    type: z.enum(["guest", "customer"]),
    payment_count: z.int().meta({ description: "Its payments that used the identifier (among those read)." }),
    failed_payment_count: z.int(),
    disputed_payment_count: z.int(),
    first_used: unixSeconds,
    last_used: unixSeconds,
  })
  .meta({
    id: "IdentifierUser",
    description: "A guest or registered customer that used an identifier; most recent use first.",
  });

const velocitySchema = z.object({
  last_hour: z.int(),
  last_day: z.int(),
  last_week: z.int(),
  last_30_days: z.int(),
});

export const identifierSchema = z
  .object({
    id: z.string().meta({ description: "Its node id in the link graph.", example: "card:Xt5EWLLDS7FJjR1c" }),
    object: z.literal("identifier"),
    type: identifierTypeSchema,
    value: z.string().meta({
      description: "The stored form: lower-cased address, E.164 number (or digits), card fingerprint.",
    }),
    verified: z
      .boolean()
      .optional()
      .meta({ description: "Phones only: whether the number parsed as a valid E.164 number." }),
    card: z
      .object({
        brand: z.string().nullable(),
        last4: z.string().nullable(),
        exp_month: z.int().nullable(),
        exp_year: z.int().nullable(),
        country: z.string().nullable(),
      })
      .optional()
      .meta({ description: "Cards only: as of the card's most recent payment." }),
    payment_count: z.int().meta({ description: "Every payment that used it (exact, whatever its size)." }),
    first_used: unixSeconds.nullable(),
    last_used: unixSeconds.nullable(),
    counts: z
      .object({
        payments: z.int(),
        failed_payments: z.int(),
        disputed_payments: z.int(),
        refunded_payments: z.int(),
        guests: z.int(),
        customers: z.int(),
        emails: z.int(),
        phones: z.int(),
        cards: z.int(),
      })
      .meta({
        description:
          "Among the payments read: payments, failures, disputes, refunds, distinct guests and customers, and the distinct emails, phones and cards on those payments (the identifier itself included: Radar's emails per card, cards per email…).",
      }),
    amounts: z
      .array(z.object({ currency: z.string(), amount: z.int(), refunded: z.int() }))
      .meta({ description: "Succeeded payments per currency, minor units." }),
    velocity: z
      .object({ as_of: unixSeconds, payments: velocitySchema, failed_payments: velocitySchema })
      .meta({
        description:
          "Payments and failed payments in the hour, day, week and 30 days before as_of (the request's time).",
      }),
    activity: z
      .array(
        z.object({
          day: unixSeconds.meta({ description: "The day's start (UTC)." }),
          payments: z.int(),
          failed: z.int(),
          disputed: z.int(),
          amounts: z.array(z.object({ currency: z.string(), amount: z.int() })),
        }),
      )
      .meta({ description: "Payments per day, days with payments only, newest first, at most 90." }),
    truncated: z.object({ any: z.boolean(), payments: z.object({ kept: z.int(), total: z.int() }) }).meta({
      description:
        "Whether the statistics come from fewer payments than all: the newest 2,000 guest payments are read, and customers' payments among the first 2,000 of the identifier's relationships.",
    }),
    guests: listObjectSchema(identifierUserSchema).meta({
      description: "The guests that used it, most recent use first: the first 10; `url` lists them all.",
    }),
    customers: listObjectSchema(identifierUserSchema).meta({
      description:
        "The registered customers that used it, most recent use first: the first 10; `url` lists them all.",
    }),
  })
  .meta({ id: "Identifier" });
