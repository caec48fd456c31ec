import { z } from "zod";

/**
 * The payment resource and the answers of POST /v1/payments, as zod schemas: the OpenAPI document is
 * generated from them, and the type checker holds the handlers to them.
 */

export const identifierTypeSchema = z.enum(["email", "phone", "card"]);

const identifierRefSchema = z.object({ type: identifierTypeSchema, value: z.string() });

export const explanationSchema = z
  .object({
    object: z.literal("explanation"),
    payment: z.string(),
    guest: z.string().nullable(),
    decision: z.enum(["registered_customer", "founded_guest", "joined_guest"]),
    matched_payment: z.object({ id: z.string(), created: z.int() }).nullable().meta({
      description:
        "The earlier payment this one joined: the most recent earlier payment sharing an identifier.",
    }),
    matched_on: z
      .array(identifierRefSchema)
      .meta({ description: "The identifiers it shares with matched_payment." }),
    identifiers: z.array(
      identifierRefSchema.extend({
        previous_use: z
          .object({ payment: z.string(), created: z.int(), guest: z.string().nullable() })
          .nullable()
          .meta({ description: "The identifier's most recent earlier use, and that payment's guest now." }),
      }),
    ),
    outranked_guests: z
      .array(
        z.object({
          guest: z.string(),
          via: z.array(identifierRefSchema),
          latest_payment: z.string(),
          latest_created: z.int(),
        }),
      )
      .meta({ description: "Other guests that shared an identifier but lost because their use was older." }),
    summary: z.string().meta({ description: "The decision in one sentence." }),
  })
  .meta({ id: "Explanation", description: "Why a payment belongs to its guest." });

const nullableString = z.string().nullable();
const nullableInt = z.int().nullable();

export const paymentSchema = z
  .object({
    id: z.string().meta({ example: "ch_3MmlLrLkdIwHu7ix0snN0B15" }),
    object: z.literal("payment"),
    created: z.int().meta({ description: "Unix seconds." }),
    amount: z.int().meta({ description: "Minor units (1099 for 10.99)." }),
    currency: z.string().meta({ example: "usd" }),
    status: z.enum(["succeeded", "failed", "pending"]),
    livemode: z.boolean(),
    description: nullableString,
    guest: nullableString.meta({
      description: "The guest it belongs to; null for a registered customer's payment.",
    }),
    customer: nullableString.meta({
      description: "The registered customer (cus_…); null for a guest payment.",
    }),
    payment_intent: nullableString,
    billing_details: z.object({ name: nullableString, address: z.object({ country: nullableString }) }),
    card: z
      .object({
        brand: nullableString,
        last4: nullableString,
        exp_month: nullableInt,
        exp_year: nullableInt,
        country: nullableString,
        fingerprint: nullableString.meta({ description: "Stripe's fingerprint of the card number." }),
      })
      .nullable(),
    identifiers: z
      .array(
        z.object({
          type: identifierTypeSchema,
          value: z
            .string()
            .meta({ description: "A lower-cased email, an E.164 phone number, or a card fingerprint." }),
          verified: z.boolean().optional().meta({ description: "Phones only." }),
          sources: z
            .array(z.string())
            .meta({ description: "Where on the payment it was found.", example: ["billing_details.email"] }),
        }),
      )
      .meta({ description: "Every email, phone and card the payment used: what guests are grouped by." }),
    amount_refunded: z.int(),
    refunded: z.boolean(),
    dispute: z.object({ status: z.string(), reason: nullableString }).nullable(),
    outcome: z
      .object({
        risk_level: nullableString,
        risk_score: nullableInt,
        network_status: nullableString,
        seller_message: nullableString,
        type: nullableString,
      })
      .nullable(),
    metadata: z.record(z.string(), z.string()),
    explanation: explanationSchema.nullable().meta({
      description:
        "Why the payment belongs to its guest. Given only to keys whose role allows explanations (investigator, admin); null for a reader, and in lists (retrieve the payment for it).",
    }),
  })
  .meta({
    id: "Payment",
    description: "A payment: a Stripe charge or payment intent, or a canonical payment.",
  });

const redactedSchema = z.array(z.string()).meta({
  description:
    "The fields in which a card number was found and masked before storing (all but its last four digits replaced by `*`), " +
    "Stripe style: `description`, `metadata.note`, `latest_charge.billing_details.name`. A masked value is no identifier. Empty when none held one.",
  example: ["description"],
});

export const ingestResultSchema = z.enum(["created", "updated", "unchanged", "deleted"]);

export const paymentResultSchema = z
  .object({
    object: z.literal("payment_result"),
    id: z
      .string()
      .meta({ description: "The payment's id (a PaymentIntent with a charge is stored as its charge)." }),
    guest: nullableString.meta({
      description: "Its guest after this request; null for a registered customer's payment.",
    }),
    result: ingestResultSchema.meta({
      description:
        "created: new; updated: its status, refunds, dispute or outcome changed, or a newer copy changed its identifiers, customer or details; unchanged: seen before as it is (or an older copy); deleted: the payment was deleted after this copy was made, nothing was written.",
    }),
    redacted: redactedSchema,
    error: z.null(),
  })
  .meta({ id: "PaymentResult", description: "What became of one payment sent to POST /v1/payments." });

export const refusedPaymentResultSchema = z
  .object({
    object: z.literal("payment_result"),
    id: z.null().meta({
      description: "Not echoed: a refused payment's fields are not trusted (one may hold a card number).",
    }),
    guest: z.null(),
    result: z.literal("refused"),
    redacted: z
      .array(z.string())
      .max(0)
      .meta({ description: "Always empty: nothing of a refused payment is kept." }),
    error: z.object({
      type: z.literal("invalid_request_error"),
      code: z.string().meta({ example: "parameter_missing" }),
      message: z.string(),
      param: z.string().meta({
        description: "The field at fault, from the batch: `data[3].amount`.",
        example: "data[3].amount",
      }),
    }),
  })
  .meta({
    id: "RefusedPaymentResult",
    description: "A payment of a batch that was refused: nothing of it was written.",
  });

export const paymentBatchResultSchema = z
  .object({
    object: z.literal("list"),
    data: z
      .array(z.union([paymentResultSchema, refusedPaymentResultSchema]))
      .meta({ description: "One result per payment sent, in the order sent." }),
    has_more: z.literal(false),
    url: z.literal("/v1/payments"),
  })
  .meta({ id: "PaymentBatchResult" });

export const maxPaymentsPerRequest = 1000;

/**
 * POST /v1/payments takes one payment as it is, or a batch `{"data": [...]}`. A payment is checked by
 * the ingest parser (receivePayments), not here, so that each one of a batch is refused on its own;
 * this schema only checks the batch envelope.
 */
export const paymentsRequestSchema = z
  .looseObject({
    data: z
      .array(z.unknown())
      .min(1, "expected at least one payment")
      .max(
        maxPaymentsPerRequest,
        `expected at most ${maxPaymentsPerRequest.toLocaleString("en")} payments per request; send the rest in further requests`,
      )
      .optional()
      .meta({ description: "A batch: 1 to 1,000 payments, each of the shapes a single payment may take." }),
  })
  .superRefine((body, ctx) => {
    if (body.data === undefined) return;
    const extra = Object.keys(body).find((key) => key !== "data");
    if (extra !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [extra],
        message: `Received unknown parameter: ${extra}. A batch is {"data": [payment, ...]} and nothing else.`,
        params: { code: "parameter_unknown" },
      });
    }
  })
  .meta({
    description:
      'One payment — a Stripe Charge (`object: "charge"`), a Stripe PaymentIntent with its latest charge expanded ' +
      '(`object: "payment_intent"`), or a canonical payment (`object: "payment"`) — or a batch `{"data": [...]}` of up to 1,000 of them. ' +
      "Payments seen before update their status, refunds, dispute and outcome. Card numbers are masked wherever they are written (see `redacted`).",
  });

/** DELETE /v1/payments/:id answers as Stripe answers a deletion. */
export const deletedPaymentSchema = z
  .object({
    id: z.string(),
    object: z.literal("payment"),
    deleted: z.literal(true),
  })
  .meta({ id: "DeletedPayment" });
