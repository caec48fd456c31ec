import { createHash } from "node:crypto";
import type { Identifier } from "./payment.ts";

/**
 * The keys the resolution rule works with. All of them are plain strings so that Neo4j's range
 * indexes order them exactly as this code does (ids are ASCII, see the id pattern in the input schemas).
 */

/** "created|id" with created zero-padded: sorting these strings sorts payments by (created, id). */
export function orderKey(created: number, id: string): string {
  return `${String(created).padStart(12, "0")}|${id}`;
}

/** One identifier within one merchant account, e.g. "acct_123/card/Xt5EWLLDS7FJjR1c". */
export function identityKey(account: string, identifier: Pick<Identifier, "kind" | "value">): string {
  return `${account}/${identifier.kind}/${identifier.value}`;
}

/** Splits an identity key back into its kind and value (the account never contains "/"). */
export function parseIdentityKey(identity: string): { kind: Identifier["kind"]; value: string } {
  const [, kind, ...value] = identity.split("/");
  return { kind: kind as Identifier["kind"], value: value.join("/") };
}

/**
 * A guest's id is derived from its account and founding payment, so replaying the same payments,
 * in any order, on any machine, yields the same ids.
 */
export function guestIdFor(account: string, foundingPaymentId: string): string {
  return `gst_${createHash("sha256").update(`${account}/${foundingPaymentId}`).digest("base64url").replace(/[-_]/g, "").slice(0, 24)}`;
}
