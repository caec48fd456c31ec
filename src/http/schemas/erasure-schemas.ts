import { z } from "zod";

/** POST /v1/erasures: its request and the erasure object, as zod schemas (validation and OpenAPI). */

const erasableFields = ["email", "phone", "card_fingerprint"] as const;

export const erasureRequestSchema = z
  .strictObject({
    email: z
      .string({ error: "expected an email address" })
      .max(320, "expected an email address of at most 320 characters")
      .optional()
      .meta({
        description: "An email address, as written anywhere (case and surrounding spaces do not matter).",
      }),
    phone: z
      .string({ error: "expected a phone number" })
      .max(64, "expected a phone number of at most 64 characters")
      .optional()
      .meta({ description: "A phone number as people write it; every stored spelling of it is erased." }),
    card_fingerprint: z
      .string({ error: "expected Stripe's card fingerprint" })
      .regex(/^[A-Za-z0-9_\-.:]{1,255}$/, "expected Stripe's card fingerprint, not card digits")
      .optional()
      .meta({ description: "Stripe's fingerprint of the card (never the card number)." }),
  })
  .superRefine((body, ctx) => {
    const given = erasableFields.filter((field) => body[field] !== undefined);
    if (given.length > 1) {
      ctx.addIssue({
        code: "custom",
        path: [given[1] as string],
        message: `Erase one identifier at a time: give only one of ${erasableFields.join(", ")}.`,
        params: { code: "parameters_exclusive" },
      });
    }
    if (given.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: `Missing the identifier to erase: give one of ${erasableFields.join(", ")}.`,
        params: { code: "parameter_missing" },
      });
    }
  });

export const erasureSchema = z
  .object({
    id: z.string().meta({ example: "ers_3f9Xk2Lm8Qw1Zr7Tb0Yc5Vh" }),
    object: z.literal("erasure"),
    created: z.int().meta({ description: "Unix seconds." }),
    identifier_type: z.enum(erasableFields),
    payments_touched: z
      .int()
      .meta({ description: "Payments that carried the identifier (guest or registered customers')." }),
    guests_changed: z.int().meta({
      description:
        "Guests that lost the identifier, or gained or lost payments by the re-resolution (retired ones not counted).",
    }),
    guests_retired: z.int().meta({
      description:
        "Guests the re-resolution left without payments: always 0, since an erasure only takes identifiers away and every guest keeps its founding payment (counted as a deletion's is, so both answers read alike).",
    }),
    repeat_of: z.string().nullable().meta({
      description:
        "The first erasure of the same value, when this one repeats it (and then touched nothing).",
    }),
    requested_by: z.string().meta({ description: "The id (a short hash) of the API key that asked." }),
  })
  .meta({
    id: "Erasure",
    description:
      "An identifier erased from every payment of the account. The record keeps who asked, when, the counts, and a keyed hash of the value — never the value.",
  });
