import { z } from "zod";
import type { Database } from "../../graph/database.ts";
import { deletePayment } from "../../ingest/delete-payment.ts";
import { type ReceivedItem, receivePayments } from "../../ingest/receive-payments.ts";
import type { ParseError } from "../../ingest/to-payment.ts";
import { getPayment } from "../../views/get-payment.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { roleAllows } from "../auth.ts";
import { ApiError, invalidRequest, resourceMissing } from "../errors.ts";
import {
  deletedPaymentSchema,
  paymentBatchResultSchema,
  paymentResultSchema,
  paymentSchema,
  paymentsRequestSchema,
} from "../schemas/payment-schemas.ts";

/** POST /v1/payments (send payments in), GET /v1/payments/:id (one payment), DELETE /v1/payments/:id. */
export function paymentRoutes(db: Database): ApiRoutes {
  const routes = apiRoutes();

  routes.add(
    {
      method: "post",
      path: "/payments",
      role: "ingest",
      tags: ["payments"],
      summary: "Send payments",
      description:
        "Stores payments and groups guest payments into guests. One payment answers with its result, or 400 when it is refused. " +
        "A card number written in any field is stored masked (all but its last four digits replaced by *), and `redacted` names those fields. " +
        'A batch `{"data": [...]}` answers with a list of results in the order sent: a refused payment is reported with its error ' +
        "(param `data[i]…`) and nothing of it is written, while the others are stored. Safe to retry with Idempotency-Key.",
      body: paymentsRequestSchema,
      response: z.union([paymentResultSchema, paymentBatchResultSchema]),
    },
    async ({ body, context }) => {
      if (body.data !== undefined) {
        const received = await receivePayments(db, context.account, body.data);
        return {
          object: "list" as const,
          data: received.map((item) => batchResult(item)),
          has_more: false as const,
          url: "/v1/payments" as const,
        };
      }
      const [item] = await receivePayments(db, context.account, [body]);
      if (!item) throw new Error("receivePayments answered nothing for one payment");
      if (!item.ok) throw refusal(item.error);
      return storedResult(item);
    },
  );

  routes.add(
    {
      method: "get",
      path: "/payments/:id",
      role: "reader",
      tags: ["payments"],
      summary: "Retrieve a payment",
      description:
        "The payment, the identifiers it used and its guest. `explanation` (why it belongs to its guest) is filled in for investigator and admin keys only; a reader gets null.",
      params: z.object({ id: z.string().min(1).max(255).meta({ description: "The payment's id." }) }),
      response: paymentSchema,
    },
    async ({ params, context }) => {
      const payment = await getPayment(db, context.account, params.id, {
        withExplanation: roleAllows(context.role, "investigator"),
      });
      if (!payment) throw resourceMissing(`No such payment: '${params.id}'`, "id");
      return payment;
    },
  );

  routes.add(
    {
      method: "delete",
      path: "/payments/:id",
      role: "admin",
      tags: ["payments"],
      summary: "Delete a payment",
      description:
        "Deletes the payment as if it had never been sent: its uses of emails, phones and cards and its MATCHED edges go, " +
        "the payments that joined through it are re-resolved, and a guest left empty is retired (its id leads to the guest " +
        "now holding the most of its former payments). A copy of the payment made before the deletion (an older webhook, " +
        "a re-import) does not bring it back; a newer one does.",
      params: z.object({ id: z.string().min(1).max(255).meta({ description: "The payment's id." }) }),
      response: deletedPaymentSchema,
    },
    async ({ params, context }) => {
      if (!(await deletePayment(db, context.account, params.id))) {
        throw resourceMissing(`No such payment: '${params.id}'`, "id");
      }
      return { id: params.id, object: "payment" as const, deleted: true as const };
    },
  );

  return routes;
}

/** A stored payment's result. */
function storedResult(item: Extract<ReceivedItem, { ok: true }>) {
  return {
    object: "payment_result" as const,
    id: item.id,
    guest: item.guest,
    result: item.result,
    redacted: item.redacted,
    error: null,
  };
}

/** One payment of a batch: its result, or its refusal with `param` written from the batch (`data[3].amount`). */
function batchResult(item: ReceivedItem) {
  if (item.ok) return storedResult(item);
  const prefix = `data[${item.index}]`;
  const param = item.error.param === wholePayment ? prefix : `${prefix}.${item.error.param}`;
  return {
    object: "payment_result" as const,
    id: null,
    guest: null,
    result: "refused" as const,
    redacted: [],
    error: {
      type: "invalid_request_error" as const,
      code: item.error.code,
      message: item.error.message,
      param,
    },
  };
}

/** The ingest parser's name for the payment as a whole (parse-error.ts). */
const wholePayment = "(payload)";

/**
 * A single payment refused: 400 in the one error shape (the payment as a whole is the request body, param
 * null), or 409 when it contradicts a copy already stored.
 */
function refusal(error: ParseError) {
  const param = error.param === wholePayment ? null : error.param;
  if (error.code === "payment_conflict") {
    return new ApiError(409, "invalid_request_error", error.code, error.message, { param });
  }
  return invalidRequest(error.code, error.message, param);
}
