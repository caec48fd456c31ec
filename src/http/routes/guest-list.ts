import { z } from "zod";
import { emailToLookUp } from "../../domain/identifier-lookup.ts";
import { guestFlagNames } from "../../domain/risk.ts";
import type { Database } from "../../graph/database.ts";
import { listGuests } from "../../views/list-guests.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { listObject, listObjectSchema, listQuerySchema, listUrl } from "../pagination.ts";
import { guestFlagSchema, guestListItemSchema } from "../schemas/guest-list-schemas.ts";

/** GET /v1/guests: the Customers tab. */

const unixSeconds = z
  .string()
  .regex(/^\d{1,11}$/, "expected unix seconds, such as 1700000000")
  .transform(Number);

const riskScore = z
  .string()
  .regex(/^(?:100|[1-9]?\d)$/, "expected a whole number from 0 to 100")
  .transform(Number);

const booleanParam = z.enum(["true", "false"]).transform((value) => value === "true");

const guestListQuery = listQuerySchema({
  email: z
    .string()
    .max(320)
    .refine((value) => emailToLookUp(value) !== null, "expected an email address")
    .optional()
    .meta({ description: "Guests that used this address (any case, surrounding spaces ignored)." }),
  phone: z
    .string()
    .max(64)
    .refine((value) => /\d/.test(value), "expected a phone number")
    .optional()
    .meta({
      description: "Guests that used this number, in any spelling (+1 415 555 0123, 14155550123, …).",
    }),
  card_last4: z
    .string()
    .regex(/^\d{4}$/, "expected the last four digits of a card, such as 4242")
    .optional()
    .meta({ description: "Guests that used a card ending in these digits." }),
  card_fingerprint: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: "Guests that used the card with this Stripe fingerprint." }),
  has_dispute: booleanParam
    .optional()
    .meta({ description: "Only guests with (true) or without (false) a disputed payment." }),
  has_refund: booleanParam
    .optional()
    .meta({ description: "Only guests with (true) or without (false) a refunded payment." }),
  last_payment: z.strictObject({ gte: unixSeconds.optional(), lte: unixSeconds.optional() }).optional().meta({
    description:
      "Bounds on the guest's most recent payment, unix seconds: last_payment[gte], last_payment[lte].",
  }),
  risk_score: z.strictObject({ gte: riskScore.optional(), lte: riskScore.optional() }).optional().meta({
    description:
      "Bounds on the guest's risk score (0–100, the guest's risk.score), inclusive: risk_score[gte], risk_score[lte].",
  }),
  risk_flag: z
    .union([guestFlagSchema, z.array(guestFlagSchema).min(1).max(guestFlagNames.length)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .optional()
    .meta({
      description:
        "Only guests carrying this risk flag (one of risk_flags' values); repeat it (risk_flag=a&risk_flag=b, or risk_flag[]=…) for guests carrying every one.",
    }),
  in_ring: booleanParam
    .optional()
    .meta({ description: "Only guests in a ring (true) or in none (false): the in_ring flag." }),
});

export function guestListRoutes(db: Database): ApiRoutes {
  const routes = apiRoutes();
  routes.add(
    {
      method: "get",
      path: "/guests",
      role: "reader",
      summary: "List guests",
      description:
        "The account's guests, most recent activity first (retired guests left out). Filters combine: a guest must match every one given.",
      tags: ["guests"],
      query: guestListQuery,
      response: listObjectSchema(guestListItemSchema),
    },
    async ({ query, context, req }) =>
      listObject(
        listUrl(req),
        query,
        listGuests(db, context.account, {
          email: query.email,
          phone: query.phone,
          cardLast4: query.card_last4,
          cardFingerprint: query.card_fingerprint,
          hasDispute: query.has_dispute,
          hasRefund: query.has_refund,
          lastPaymentGte: query.last_payment?.gte,
          lastPaymentLte: query.last_payment?.lte,
          riskScoreGte: query.risk_score?.gte,
          riskScoreLte: query.risk_score?.lte,
          riskFlags: query.risk_flag,
          inRing: query.in_ring,
        }),
      ),
  );
  return routes;
}
