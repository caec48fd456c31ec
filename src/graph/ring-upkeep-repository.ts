import type { GuestSummary } from "../domain/guest-summary.ts";
import type { CardPairs, EmailPairs, PaymentPairs } from "../domain/identifier-pairs.ts";
import type { IdentifierKind } from "../domain/payment.ts";
import type { GuestRingFacts, GuestUse } from "../domain/rings.ts";
import type { GuestRiskFacts, RadarFacts } from "../domain/risk.ts";
import { cypher } from "./cypher.ts";
import type { Transaction } from "./database.ts";

/**
 * The writes and reads that keep rings (src/domain/rings.ts) up to date, inside one ingest
 * transaction of one merchant account. Every method is one query from cypher/rings.
 */

export interface IdentifierKey {
  kind: IdentifierKind;
  value: string;
}

/** A change in how many of a guest's payments used an identifier. */
export interface UsageDelta extends IdentifierKey {
  guest: string;
  delta: number;
}

export interface UsageChange extends IdentifierKey {
  guest: string;
  /** The guest's USED link to the identifier appeared or went. */
  linkChanged: boolean;
  wasHub: boolean;
  isHub: boolean;
}

export interface RingGuestRow extends GuestSummary {
  id: string;
  foundingPaymentId: string;
  ring: string | null;
  uses: GuestUse[];
}

export interface RingRow {
  id: string;
  founder: string;
  guestCount: number;
  disputedGuestCount: number;
  paymentCount: number;
  refundedPaymentCount: number;
  disputeCount: number;
  failedPaymentCount: number;
  firstPaymentAt: number | null;
  lastPaymentAt: number | null;
  /** JSON: [{currency, spent, refunded, disputed, failed}]. */
  totals: string;
  hubIdentifierCount: number;
  score: number;
}

export class RingUpkeepRepository {
  readonly #tx: Transaction;
  readonly #account: string;

  constructor(tx: Transaction, account: string) {
    this.#tx = tx;
    this.#account = account;
  }

  async paymentIdentifiers(paymentIds: string[]): Promise<Map<string, IdentifierKey[]>> {
    if (paymentIds.length === 0) return new Map();
    const rows = await this.#tx.run<{ id: string; identifiers: IdentifierKey[] }>(
      cypher("rings/payment-identifiers"),
      { account: this.#account, ids: paymentIds },
    );
    return new Map(rows.map((row) => [row.id, row.identifiers]));
  }

  async applyUsage(deltas: UsageDelta[], hubGuests: number): Promise<UsageChange[]> {
    if (deltas.length === 0) return [];
    return this.#tx.run<UsageChange>(cypher("rings/apply-usage-deltas"), {
      account: this.#account,
      deltas,
      hubGuests,
    });
  }

  async identifierGuests(identifiers: IdentifierKey[]): Promise<string[]> {
    if (identifiers.length === 0) return [];
    const rows = await this.#tx.run<{ id: string }>(cypher("rings/identifier-guests"), {
      account: this.#account,
      identifiers,
    });
    return rows.map((row) => row.id);
  }

  async candidates(guestIds: string[]): Promise<{ id: string; ring: string | null }[]> {
    if (guestIds.length === 0) return [];
    return this.#tx.run(cypher("rings/ring-candidates"), { account: this.#account, guestIds });
  }

  async readGuests(guestIds: string[], ringIds: string[]): Promise<RingGuestRow[]> {
    const rows = await this.#tx.run<Omit<RingGuestRow, "totals"> & { totals: string | null }>(
      cypher("rings/read-ring-guests"),
      { account: this.#account, guestIds, ringIds },
    );
    return rows.map((row) => ({ ...row, totals: row.totals ? JSON.parse(row.totals) : {} }));
  }

  async writeGuestFacts(facts: Map<string, GuestRingFacts>): Promise<void> {
    if (facts.size === 0) return;
    await this.#tx.run(cypher("rings/write-guest-ring-facts"), {
      account: this.#account,
      facts: [...facts].map(([id, fact]) => ({ id, ...fact })),
    });
  }

  async writeRings(rings: RingRow[]): Promise<void> {
    if (rings.length === 0) return;
    await this.#tx.run(cypher("rings/write-rings"), { account: this.#account, rings });
  }

  /** Records which emails and names each new payment's card was used with, and which cards its emails; answers the identifiers whose counts grew. */
  async recordIdentifierPairs(paymentIds: string[]): Promise<IdentifierKey[]> {
    if (paymentIds.length === 0) return [];
    const rows = await this.#tx.run<{ grown: IdentifierKey[] }>(cypher("rings/record-identifier-pairs"), {
      account: this.#account,
      ids: paymentIds,
    });
    return rows.flatMap((row) => row.grown);
  }

  /** The cards, emails and folded name each payment pairs up for Radar's distinct counts. */
  async identifierPairs(paymentIds: string[]): Promise<PaymentPairs[]> {
    if (paymentIds.length === 0) return [];
    return this.#tx.run<PaymentPairs>(cypher("rings/payment-identifier-pairs"), {
      account: this.#account,
      ids: paymentIds,
    });
  }

  /**
   * Forgets, on cards' and emails' Radar lists, the pairs no payment carries any more (lists that were
   * full are filled up again to the bound); answers the identifiers whose lists changed.
   */
  async forgetIdentifierPairs(
    pairs: { cards: CardPairs[]; emails: EmailPairs[] },
    bound: number,
  ): Promise<IdentifierKey[]> {
    const forgotten: IdentifierKey[] = [];
    if (pairs.cards.length > 0) {
      const rows = await this.#tx.run<{ identifier: IdentifierKey }>(cypher("rings/forget-card-pairs"), {
        account: this.#account,
        bound,
        cardPairs: pairs.cards,
      });
      forgotten.push(...rows.map((row) => row.identifier));
    }
    if (pairs.emails.length > 0) {
      const rows = await this.#tx.run<{ identifier: IdentifierKey }>(cypher("rings/forget-email-pairs"), {
        account: this.#account,
        bound,
        emailPairs: pairs.emails,
      });
      forgotten.push(...rows.map((row) => row.identifier));
    }
    return forgotten;
  }

  async readRadarFacts(guestIds: string[], cap: number): Promise<(RadarFacts & { id: string })[]> {
    return this.#tx.run(cypher("rings/read-radar-facts"), { account: this.#account, guestIds, cap });
  }

  async writeRadarSignals(signals: { id: string; radar: string }[]): Promise<void> {
    if (signals.length === 0) return;
    await this.#tx.run(cypher("rings/write-radar-signals"), { account: this.#account, signals });
  }

  async readRiskFacts(guestIds: string[]): Promise<(GuestRiskFacts & { id: string })[]> {
    if (guestIds.length === 0) return [];
    const rows = await this.#tx.run<Omit<GuestRiskFacts, "radar"> & { id: string; radar: string | null }>(
      cypher("rings/read-guest-risk-facts"),
      { account: this.#account, guestIds },
    );
    return rows.map((row) => ({ ...row, radar: row.radar ? JSON.parse(row.radar) : null }));
  }

  async writeRisk(risks: { id: string; score: number; flagBits: number }[]): Promise<void> {
    if (risks.length === 0) return;
    await this.#tx.run(cypher("rings/write-guest-risk"), { account: this.#account, risks });
  }

  async deleteRings(ringIds: string[]): Promise<void> {
    if (ringIds.length === 0) return;
    await this.#tx.run(cypher("rings/delete-rings"), { account: this.#account, ringIds });
  }
}
