import type { MutablePaymentFields, Payment, PaymentStatus } from "../domain/payment.ts";
import { orderKey } from "../domain/resolution-keys.ts";
import { foldForSearch } from "../domain/text-folding.ts";

/**
 * A Payment node's properties, both ways: what ingest writes, and what readers get back.
 * Neo4j keeps no nulls, so an absent property reads as null.
 */

/** The properties of a (:Payment) node, as read back. */
export interface PaymentNode {
  id: string;
  object: string;
  created: number;
  amount: number;
  currency: string;
  status: PaymentStatus;
  livemode: boolean;
  description: string | null;
  guest: string | null;
  customer: string | null;
  paymentIntent: string | null;
  billingName: string | null;
  billingCountry: string | null;
  cardFingerprint: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  cardExpMonth: number | null;
  cardExpYear: number | null;
  cardCountry: string | null;
  amountRefunded: number | null;
  refunded: boolean | null;
  disputeStatus: string | null;
  disputeReason: string | null;
  riskLevel: string | null;
  riskScore: number | null;
  networkStatus: string | null;
  sellerMessage: string | null;
  outcomeType: string | null;
  /** JSON text of the string-to-string metadata map. */
  metadata: string | null;
}

/** The Payment node's properties (Neo4j keeps no nulls: absent means unknown). */
export function paymentProperties(payment: Payment): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    account: payment.account,
    id: payment.id,
    object: payment.object,
    at: orderKey(payment.created, payment.id),
    created: payment.created,
    amount: payment.amount,
    currency: payment.currency,
    livemode: payment.livemode,
    paymentIntent: payment.paymentIntent,
    ingestedAt: new Date().toISOString(),
    ...identityProperties(payment),
    ...mutableProperties(payment),
  };
  return Object.fromEntries(
    Object.entries(properties).filter(([, value]) => value !== null && value !== undefined),
  );
}

/**
 * The properties a newer copy of a payment replaces (see Payment.version): who made it (customer) and
 * the details its identifiers come from. Nulls included: on a replacement they remove the property.
 */
export function identityProperties(payment: Payment): Record<string, unknown> {
  return {
    version: payment.version ?? null,
    customer: payment.customer,
    description: payment.description,
    billingName: payment.billingName,
    billingNameSearch: payment.billingName ? foldForSearch(payment.billingName) : null,
    billingCountry: payment.billingCountry,
    cardFingerprint: payment.card?.fingerprint ?? null,
    cardBrand: payment.card?.brand ?? null,
    cardLast4: payment.card?.last4 ?? null,
    cardExpMonth: payment.card?.expMonth ?? null,
    cardExpYear: payment.card?.expYear ?? null,
    cardCountry: payment.card?.country ?? null,
    metadata: JSON.stringify(payment.metadata),
  };
}

export function mutableProperties(fields: MutablePaymentFields): Record<string, unknown> {
  return {
    status: fields.status,
    amountRefunded: fields.refunds.amountRefunded,
    refunded: fields.refunds.refunded,
    disputeStatus: fields.dispute?.status ?? null,
    disputeReason: fields.dispute?.reason ?? null,
    riskLevel: fields.outcome?.riskLevel ?? null,
    riskScore: fields.outcome?.riskScore ?? null,
    networkStatus: fields.outcome?.networkStatus ?? null,
    sellerMessage: fields.outcome?.sellerMessage ?? null,
    outcomeType: fields.outcome?.type ?? null,
  };
}

/** The node properties that hold a payment's mutable fields. */
export type MutableNodeProperties = Pick<
  PaymentNode,
  | "status"
  | "amountRefunded"
  | "refunded"
  | "disputeStatus"
  | "disputeReason"
  | "riskLevel"
  | "riskScore"
  | "networkStatus"
  | "sellerMessage"
  | "outcomeType"
>;

/** The mutable fields of a payment, as the domain holds them. */
export function mutableFields(row: MutableNodeProperties): MutablePaymentFields {
  const hasOutcome = [
    row.riskLevel,
    row.riskScore,
    row.networkStatus,
    row.sellerMessage,
    row.outcomeType,
  ].some((v) => v !== null);
  return {
    status: row.status,
    refunds: { amountRefunded: row.amountRefunded ?? 0, refunded: row.refunded ?? false },
    dispute: row.disputeStatus ? { status: row.disputeStatus, reason: row.disputeReason } : null,
    outcome: hasOutcome
      ? {
          riskLevel: row.riskLevel,
          riskScore: row.riskScore,
          networkStatus: row.networkStatus,
          sellerMessage: row.sellerMessage,
          type: row.outcomeType,
        }
      : null,
  };
}
