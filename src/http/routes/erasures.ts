import { phoneSpellings } from "../../domain/identifier-lookup.ts";
import { normaliseEmail } from "../../domain/identifiers.ts";
import type { Database } from "../../graph/database.ts";
import { type Erasure, type ErasureRequest, eraseIdentifier } from "../../ingest/erase-identifier.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { invalidRequest } from "../errors.ts";
import { idempotencyStore } from "../idempotency-store.ts";
import { erasureRequestSchema, erasureSchema } from "../schemas/erasure-schemas.ts";

/** POST /v1/erasures: a person's email, phone or card erased from every payment of the account. */
export function erasureRoutes(db: Database): ApiRoutes {
  const routes = apiRoutes();
  routes.add(
    {
      method: "post",
      path: "/erasures",
      role: "admin",
      tags: ["erasures"],
      summary: "Erase an identifier",
      description:
        "Removes an email address, phone number or card fingerprint from every payment of the account: the identifier, " +
        "its uses, and its value wherever a payment keeps it (an address in the description or metadata is masked as " +
        "`[erased]`, a card fingerprint cleared). The payments that used it are re-resolved. Later copies of payments " +
        "(webhooks, imports) have it removed before they are stored. The erasure is recorded with a keyed hash of the " +
        "value, never the value; erasing again is harmless (`repeat_of` names the first erasure). Stored answers to " +
        "idempotent requests (Idempotency-Key) that hold the value are deleted. `guests_retired` is always 0: an " +
        "erasure only takes identifiers away, so every guest keeps its founding payment.",
      body: erasureRequestSchema,
      response: erasureSchema,
    },
    async ({ body, context }) => {
      const identifier = identifierToErase(body);
      const erasure = await eraseIdentifier(db, context.account, {
        ...identifier,
        requestedBy: context.keyId,
      });
      // Stored answers to idempotent requests (kept 24 hours) that echo the value go too, a repeat
      // erasure included: it finishes a clean-up an earlier one could not.
      await idempotencyStore(db).deleteResponsesHolding(
        context.account,
        identifier.spellings.map(({ value }) => value),
      );
      return erasureResource(erasure);
    },
  );
  return routes;
}

/** The identifier in every form ingest may have stored it in; a 400 naming the field when it is none. */
function identifierToErase(body: {
  email?: string | undefined;
  phone?: string | undefined;
  card_fingerprint?: string | undefined;
}): Omit<ErasureRequest, "requestedBy"> {
  if (body.email !== undefined) {
    const email = normaliseEmail(body.email);
    if (!email)
      throw invalidRequest("parameter_invalid", "Invalid email: expected an email address.", "email");
    return { type: "email", spellings: [{ kind: "email", value: email }] };
  }
  if (body.phone !== undefined) {
    const spellings = phoneSpellings(body.phone);
    if (spellings.length === 0) {
      throw invalidRequest("parameter_invalid", "Invalid phone: expected a phone number.", "phone");
    }
    return { type: "phone", spellings: spellings.map((value) => ({ kind: "phone" as const, value })) };
  }
  return { type: "card_fingerprint", spellings: [{ kind: "card", value: body.card_fingerprint as string }] };
}

function erasureResource(erasure: Erasure) {
  return {
    id: erasure.id,
    object: "erasure" as const,
    created: erasure.created,
    identifier_type: erasure.identifierType,
    payments_touched: erasure.paymentsTouched,
    guests_changed: erasure.guestsChanged,
    guests_retired: erasure.guestsRetired,
    repeat_of: erasure.repeatOf,
    requested_by: erasure.requestedBy,
  };
}
