import type { GuestSummary, SummaryPayment } from "../domain/guest-summary.ts";
import type { Identifier, MutablePaymentFields, Payment } from "../domain/payment.ts";
import { identityKey } from "../domain/resolution-keys.ts";
import { cypher } from "./cypher.ts";
import type { Transaction } from "./database.ts";
import {
  identityProperties,
  type MutableNodeProperties,
  mutableFields,
  mutableProperties,
  type PaymentNode,
  paymentProperties,
} from "./payment-properties.ts";

/**
 * Writes and seeks of the guest rule, inside one ingest transaction of one merchant account.
 * Every method is one query from cypher/resolution.
 */

export interface StoredPayment extends MutablePaymentFields {
  id: string;
  /** orderKey(created, id). */
  at: string;
  guest: string | null;
  created: number;
  amount: number;
  currency: string;
  /** What the last accepted copy said about who made the payment (see Payment.version). */
  identity: StoredIdentity;
}

/** A stored payment's customer, identifiers and the details they come from, as its last accepted copy gave them. */
export interface StoredIdentity {
  /** Unix ms; 0 for payments stored before copies had versions. */
  version: number;
  customer: string | null;
  description: string | null;
  metadata: string | null;
  billingName: string | null;
  billingCountry: string | null;
  card: {
    brand: string | null;
    last4: string | null;
    expMonth: number | null;
    expYear: number | null;
    country: string | null;
  };
  identifiers: { kind: Identifier["kind"]; value: string; verified: boolean | null; sources: string[] }[];
}

/** A use of an identifier at a place in the order: what first-later-use seeks start from. */
export interface RuleUse {
  identity: string;
  at: string;
}

export interface MatchRow {
  id: string;
  at: string;
  guest: string | null;
  matchId: string | null;
  matchGuest: string | null;
  currentMatchId: string | null;
}

export class PaymentGraphRepository {
  readonly #tx: Transaction;
  readonly #account: string;

  constructor(tx: Transaction, account: string) {
    this.#tx = tx;
    this.#account = account;
  }

  async lockAccount(): Promise<void> {
    await this.#tx.run(cypher("resolution/lock-account"), { account: this.#account });
  }

  async findExisting(ids: string[]): Promise<Map<string, StoredPayment>> {
    const rows = await this.#tx.run<StoredPaymentRow>(
      cypher("resolution/find-existing-payments"),
      this.#params({ ids }),
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          at: row.at,
          guest: row.guest,
          created: row.created,
          amount: row.amount,
          currency: row.currency,
          ...mutableFields(row),
          identity: {
            version: row.version ?? 0,
            customer: row.customer,
            description: row.description,
            metadata: row.metadata,
            billingName: row.billingName,
            billingCountry: row.billingCountry,
            card: {
              brand: row.cardBrand,
              last4: row.cardLast4,
              expMonth: row.cardExpMonth,
              expYear: row.cardExpYear,
              country: row.cardCountry,
            },
            identifiers: row.identifiers,
          },
        },
      ]),
    );
  }

  /** Payment id → when it was deleted (unix ms), for the ids that were. */
  async findDeleted(ids: string[]): Promise<Map<string, number>> {
    const rows = await this.#tx.run<{ id: string; deletedAt: number }>(
      cypher("resolution/find-deleted-payments"),
      this.#params({ ids }),
    );
    return new Map(rows.map((row) => [row.id, row.deletedAt]));
  }

  async create(payments: Payment[]): Promise<void> {
    if (payments.length === 0) return;
    await this.#tx.run(
      cypher("resolution/create-payments"),
      this.#params({ payments: payments.map((p) => this.#creationRow(p)) }),
    );
  }

  async updateMutableFields(updates: { id: string; fields: MutablePaymentFields }[]): Promise<void> {
    if (updates.length === 0) return;
    await this.#tx.run(
      cypher("resolution/update-payment-fields"),
      this.#params({ updates: updates.map(({ id, fields }) => ({ id, fields: mutableProperties(fields) })) }),
    );
  }

  /** The first later guest payment using each identity after each place: the payments whose match a use added or removed there can change. */
  async findFirstLaterUses(uses: RuleUse[]): Promise<string[]> {
    if (uses.length === 0) return [];
    const rows = await this.#tx.run<{ id: string }>(
      cypher("resolution/find-first-later-uses"),
      this.#params({ uses }),
    );
    return rows.map((row) => row.id);
  }

  /** Rewrites the identifiers, customer and details of payments a newer copy changed. */
  async replaceIdentity(payments: Payment[]): Promise<void> {
    if (payments.length === 0) return;
    await this.#tx.run(
      cypher("resolution/replace-payment-identity"),
      this.#params({
        payments: payments.map((payment) => {
          const { guest, customer, emails, phones, cards } = this.#creationRow(payment);
          return {
            id: payment.id,
            guest,
            customer,
            emails,
            phones,
            cards,
            properties: identityProperties(payment),
          };
        }),
      }),
    );
  }

  async setVersions(versions: { id: string; version: number }[]): Promise<void> {
    if (versions.length === 0) return;
    await this.#tx.run(cypher("resolution/set-payment-versions"), this.#params({ versions }));
  }

  /** Takes payments out of the guest rule (a customer was attached): no uses for seeks, no MATCHED, no guest. */
  async leaveGuestRule(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#tx.run(cypher("resolution/leave-guest-rule"), this.#params({ ids }));
  }

  /** Retired guests founded by departing payments lead on to the guest each payment was in. */
  async redirectGuestsFoundedBy(departures: { id: string; guestId: string }[]): Promise<void> {
    if (departures.length === 0) return;
    await this.#tx.run(
      cypher("resolution/redirect-guests-founded-by-departing"),
      this.#params({ departures }),
    );
  }

  async deletePayments(ids: string[], deletedAt: number): Promise<void> {
    if (ids.length === 0) return;
    await this.#tx.run(cypher("resolution/delete-payments"), this.#params({ ids, deletedAt }));
  }

  /** Which of these guests no longer have their founding payment in the guest rule. */
  async guestsWithoutFounder(guestIds: string[]): Promise<string[]> {
    if (guestIds.length === 0) return [];
    const rows = await this.#tx.run<{ id: string }>(
      cypher("resolution/guests-without-founder"),
      this.#params({ guestIds }),
    );
    return rows.map((row) => row.id);
  }

  async setGuestSuccessors(successors: { id: string; successorId: string | null }[]): Promise<void> {
    if (successors.length === 0) return;
    await this.#tx.run(cypher("resolution/set-guest-successors"), this.#params({ successors }));
  }

  async findMatches(ids: string[]): Promise<MatchRow[]> {
    return this.#tx.run<MatchRow>(cypher("resolution/find-matches"), this.#params({ ids }));
  }

  async setMatches(changes: { id: string; matchId: string | null }[]): Promise<void> {
    if (changes.length === 0) return;
    await this.#tx.run(cypher("resolution/set-matches"), this.#params({ changes }));
  }

  async assignNewGuestPayments(assignments: { id: string; guestId: string }[]): Promise<void> {
    if (assignments.length === 0) return;
    await this.#tx.run(cypher("resolution/assign-new-guest-payments"), this.#params({ assignments }));
  }

  /** The payments that moved to the guest (with the guest each left), or null when nothing moved. */
  async moveToMatchGuest(
    id: string,
    ownGuestId: string,
  ): Promise<{ guestId: string; moved: MovedPayment[] } | null> {
    const [row] = await this.#tx.run<{
      guestId: string;
      moved: (SummaryPaymentRow & { id: string; at: string; previousGuest: string | null })[];
    }>(cypher("resolution/move-to-match-guest"), this.#params({ id, ownGuestId }));
    if (!row) return null;
    return {
      guestId: row.guestId,
      moved: row.moved.map(({ id, at, previousGuest, ...payment }) => ({
        id,
        at,
        previousGuest,
        payment: summaryPayment(payment),
      })),
    };
  }

  async readSummaries(guestIds: string[]): Promise<Map<string, GuestSummary>> {
    if (guestIds.length === 0) return new Map();
    const rows = await this.#tx.run<StoredSummaryRow>(
      cypher("resolution/read-guest-summaries"),
      this.#params({ guestIds }),
    );
    return new Map(rows.map((row) => [row.id, storedSummary(row)]));
  }

  /** The first and last payment times of these guests, from the ends of their payment index. */
  async activityBounds(
    guestIds: string[],
  ): Promise<Map<string, { firstPaymentAt: number | null; lastPaymentAt: number | null }>> {
    if (guestIds.length === 0) return new Map();
    const rows = await this.#tx.run<{
      id: string;
      firstPaymentAt: number | null;
      lastPaymentAt: number | null;
    }>(cypher("resolution/guest-activity-bounds"), this.#params({ guestIds }));
    return new Map(rows.map(({ id, ...bounds }) => [id, bounds]));
  }

  async writeSummaries(summaries: Map<string, GuestSummary>): Promise<void> {
    if (summaries.size === 0) return;
    await this.#tx.run(
      cypher("resolution/write-guest-summaries"),
      this.#params({
        summaries: [...summaries].map(([id, summary]) => ({
          id,
          ...summary,
          totals: JSON.stringify(summary.totals),
        })),
      }),
    );
  }

  async findGuests(ids: string[]): Promise<Map<string, string | null>> {
    const rows = await this.#tx.run<{ id: string; guest: string | null }>(
      cypher("resolution/find-payment-guests"),
      this.#params({ ids }),
    );
    return new Map(rows.map((row) => [row.id, row.guest]));
  }

  #params<T extends object>(params: T): T & { account: string } {
    return { ...params, account: this.#account };
  }

  #creationRow(payment: Payment) {
    const guest = payment.customer === null;
    const uses = <K extends Payment["identifiers"][number]["kind"]>(kind: K) =>
      payment.identifiers
        .filter((identifier) => identifier.kind === kind)
        .map((identifier) => ({
          value: identifier.value,
          sources: identifier.sources,
          identity: identityKey(this.#account, identifier),
          ...(identifier.kind === "phone" ? { verified: identifier.verified } : {}),
          ...(identifier.kind === "card"
            ? {
                brand: payment.card?.brand ?? null,
                last4: payment.card?.last4 ?? null,
                expMonth: payment.card?.expMonth ?? null,
                expYear: payment.card?.expYear ?? null,
                country: payment.card?.country ?? null,
              }
            : {}),
        }));
    return {
      guest,
      customer: payment.customer,
      emails: uses("email"),
      phones: uses("phone"),
      cards: uses("card"),
      properties: paymentProperties(payment),
    };
  }
}

interface StoredSummaryRow {
  id: string;
  paymentCount: number | null;
  firstPaymentAt: number | null;
  lastPaymentAt: number | null;
  disputeCount: number | null;
  refundedPaymentCount: number | null;
  failedPaymentCount: number | null;
  totals: string | null;
}

function storedSummary(row: StoredSummaryRow): GuestSummary {
  return {
    paymentCount: row.paymentCount ?? 0,
    firstPaymentAt: row.firstPaymentAt,
    lastPaymentAt: row.lastPaymentAt,
    disputeCount: row.disputeCount ?? 0,
    refundedPaymentCount: row.refundedPaymentCount ?? 0,
    failedPaymentCount: row.failedPaymentCount ?? 0,
    totals: row.totals ? (JSON.parse(row.totals) as GuestSummary["totals"]) : {},
  };
}

export interface MovedPayment {
  id: string;
  at: string;
  previousGuest: string | null;
  payment: SummaryPayment;
}

function summaryPayment(row: SummaryPaymentRow): SummaryPayment {
  return {
    created: row.created,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    refunds: { amountRefunded: row.amountRefunded, refunded: row.amountRefunded > 0 },
    dispute: row.disputed ? { status: "disputed", reason: null } : null,
  };
}

interface SummaryPaymentRow {
  created: number;
  amount: number;
  currency: string;
  status: SummaryPayment["status"];
  amountRefunded: number;
  disputed: boolean;
}

type StoredPaymentRow = Pick<
  PaymentNode,
  | "id"
  | "guest"
  | "created"
  | "amount"
  | "currency"
  | "customer"
  | "description"
  | "metadata"
  | "billingName"
  | "billingCountry"
  | "cardBrand"
  | "cardLast4"
  | "cardExpMonth"
  | "cardExpYear"
  | "cardCountry"
> &
  MutableNodeProperties & {
    at: string;
    version: number | null;
    identifiers: StoredIdentity["identifiers"];
  };
