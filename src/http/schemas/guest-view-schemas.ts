import { z } from "zod";
import { guestListItemSchema } from "./guest-list-schemas.ts";
import { identifierTypeSchema, paymentSchema } from "./payment-schemas.ts";

/**
 * The guest view of GET /v1/guests/:id, as a zod schema for the OpenAPI document and the type checker:
 * the guest's list item (GuestListItem: primary email, phone and card, counts, totals, risk flags) and more.
 */

const sharedIdentifierSchema = z.object({ type: identifierTypeSchema, value: z.string() });
const unixSeconds = z.int().meta({ description: "Unix seconds." });

export const guestIdentifierSchema = z
  .object({
    id: z
      .string()
      .meta({ description: "The identifier's node id in the link graph.", example: "card:Xt5EWLLDS7FJjR1c" }),
    object: z.literal("guest_identifier"),
    type: identifierTypeSchema,
    value: z.string(),
    verified: z.boolean().optional().meta({ description: "Phones only." }),
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
    first_seen: unixSeconds,
    last_seen: unixSeconds,
    payment_count: z.int().meta({ description: "How many of the guest's payments used it." }),
    total_payment_count: z
      .int()
      .meta({ description: "How many payments of the account used it, everyone's (a hub shows here)." }),
  })
  .meta({ id: "GuestIdentifier" });

export const relatedCustomerSchema = z
  .object({
    id: z.string().meta({ example: "cus_NffrFeUfNV2Hib" }),
    object: z.literal("related_customer"),
    customer: z.string().meta({ example: "cus_NffrFeUfNV2Hib" }),
    identifiers: z
      .array(sharedIdentifierSchema)
      .meta({ description: "The identifiers it shares with the guest." }),
    shared_payment_count: z.int().meta({ description: "The customer's payments that used one of them." }),
    payment_count: z.int().meta({ description: "All the customer's payments." }),
  })
  .meta({ id: "RelatedCustomer" });

export const linkedGuestSchema = z
  .object({
    id: z.string(),
    object: z.literal("linked_guest"),
    guest: z.string(),
    identifiers: z
      .array(sharedIdentifierSchema)
      .meta({ description: "The identifiers it shares with this guest." }),
    shared_identifier_count: z.int(),
    shared_payment_count: z.int().meta({ description: "Its payments that used one of them." }),
    payment_count: z.int(),
  })
  .meta({ id: "LinkedGuest" });

export const guestViewSchema = guestListItemSchema
  .extend({
    redirected_from: z.string().nullable().meta({
      description:
        "The id asked for, when it named a guest retired by a late payment (its founding payment moved into this older guest); null otherwise.",
    }),
    created: unixSeconds
      .nullable()
      .meta({ description: "When GuestGraph created the guest (unix seconds)." }),
    founding_payment: z.string().meta({ description: "The payment the guest's id was derived from." }),
    refunded_payment_count: z.int().meta({ description: "Payments with any amount refunded." }),
    has_dispute: z.boolean(),
    has_refund: z.boolean(),
    identifiers: z.array(guestIdentifierSchema).meta({
      description:
        "Its 20 most used emails, phones and cards (most payments first); identifiers_url lists them all.",
    }),
    identifier_count: z
      .int()
      .meta({ description: "Distinct identifiers of the payments read (see truncated.payments)." }),
    identifiers_url: z.string().meta({ example: "/v1/guests/gst_4fQ2k9XbT1mZr8LwP0sVh3Ya/identifiers" }),
    latest_payments: z.array(paymentSchema).meta({
      description: "The 10 newest payments, newest first (explanation null); payments_url lists them all.",
    }),
    payments_url: z.string().meta({ example: "/v1/guests/gst_4fQ2k9XbT1mZr8LwP0sVh3Ya/payments" }),
    related_customers: z.array(relatedCustomerSchema).meta({
      description:
        "Registered customers that used an identifier of the guest: up to 50, most shared first; related_customers_url lists them all.",
    }),
    related_customer_count: z.int(),
    related_customers_url: z
      .string()
      .meta({ example: "/v1/guests/gst_4fQ2k9XbT1mZr8LwP0sVh3Ya/related_customers" }),
    linked_guests: z.array(linkedGuestSchema).meta({
      description:
        "Other guests that used an identifier of this guest (their payments went to them because they had used another identifier more recently): up to 50, most shared first; linked_guests_url lists them all.",
    }),
    linked_guest_count: z.int(),
    linked_guests_url: z.string().meta({ example: "/v1/guests/gst_4fQ2k9XbT1mZr8LwP0sVh3Ya/linked_guests" }),
    truncated: z
      .object({
        any: z.boolean(),
        payments: z.object({ kept: z.int(), total: z.int() }).meta({
          description: "The guest's newest payments read for its identifiers (2,000 at most), of all.",
        }),
        identifiers: z.object({ kept: z.int(), total: z.int() }).meta({
          description:
            "Identifiers followed to linked guests and related customers (the 100 most used), of all found.",
        }),
        hubs: z.array(z.string()).meta({
          description:
            "Identifiers followed whose payments were read in part (1,000 each): more guests may share them.",
        }),
      })
      .meta({ description: "What was read in part: counts and lists above are exact when `any` is false." }),
  })
  .meta({
    id: "GuestView",
    description:
      "A guest customer: payments grouped by shared email, phone or card. Every field of its GuestListItem, and more.",
  });
