import type { RecordShape } from "neo4j-driver";
import type { PageRequest } from "../domain/page.ts";
import type { IdentifierKind } from "../domain/payment.ts";
import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/** The summary fields the guest view adds to the guest's list row (GuestListRow). */
export interface GuestSummaryRow {
  id: string;
  /** Unix seconds: when GuestGraph created the guest. */
  created: number | null;
  foundingPayment: string;
  refundedPaymentCount: number | null;
  hasDispute: boolean | null;
  hasRefund: boolean | null;
}

export interface GuestIdentifierRow {
  type: IdentifierKind;
  value: string;
  verified: boolean | null;
  firstSeen: number;
  lastSeen: number;
  paymentCount: number;
  /** Every payment of the account that used it. */
  totalPaymentCount: number;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  country: string | null;
}

export interface SharedIdentifier {
  type: IdentifierKind;
  value: string;
}

/** A guest or registered customer that used one of a guest's identifiers. */
export interface GuestLinkRow {
  kind: "guest" | "customer";
  id: string;
  sharedIdentifiers: SharedIdentifier[];
  /** Its payments that used one of the shared identifiers (among those read). */
  sharedPaymentCount: number;
  paymentCount: number;
}

export interface GuestLinksRow {
  /** Distinct identifiers of the guest's payments read. */
  identifierCount: number;
  /** …of which these many were followed. */
  followedCount: number;
  /** Node ids (`card:…`) of followed identifiers whose payments were read in part. */
  hubs: string[];
  links: GuestLinkRow[];
}

export interface GuestLinkBounds {
  window: number;
  maxIdentifiers: number;
  usesPerIdentifier: number;
}

/** Order keys start with a digit, so "~" sorts after every one of them: the bound of a first page. */
const afterEveryOrderKey = "~";

/** Read-only questions about one merchant account's guests, for the guest views. */
export class GuestViewRepository {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  /** The id of the guest `id` names now (a retired guest's successor), or null when there is no such guest. */
  async resolve(id: string): Promise<string | null> {
    const [row] = await this.#read<{ guest: string | null }>("views/resolve-guest", { id });
    return row?.guest ?? null;
  }

  async summary(id: string): Promise<GuestSummaryRow | null> {
    const [row] = await this.#read<GuestSummaryRow>("views/guest-summary", { id });
    return row ?? null;
  }

  /** The identifiers of the guest's newest `window` payments, most used first. */
  async identifiers(id: string, window: number): Promise<GuestIdentifierRow[]> {
    return this.#read<GuestIdentifierRow>("views/guest-identifiers", { id, window });
  }

  /** The guests and registered customers sharing an identifier with the guest (bounded: see guest-links.cypher). */
  async links(id: string, bounds: GuestLinkBounds): Promise<GuestLinksRow> {
    const [row] = await this.#read<GuestLinksRow>("views/guest-links", { id, ...bounds });
    return row ?? { identifierCount: 0, followedCount: 0, hubs: [], links: [] };
  }

  /**
   * Ids of one page of the guest's payments (see FetchPage in domain/page.ts): newest first walking
   * away from the cursor, or nearest-first towards the newest for "before"; null when the cursor is
   * not a payment of this guest in the account.
   */
  async paymentIds(guest: string, page: PageRequest): Promise<string[] | null> {
    let cursorAt: string | null = null;
    if (page.cursor) {
      const [cursor] = await this.#read<{ at: string }>("views/guest-payment-cursor", {
        guest,
        id: page.cursor.id,
      });
      if (!cursor) return null;
      cursorAt = cursor.at;
    }
    const rows =
      page.cursor?.direction === "before"
        ? await this.#read<{ id: string }>("views/guest-payments-newer", {
            guest,
            after: cursorAt,
            take: page.take,
          })
        : await this.#read<{ id: string }>("views/guest-payments-older", {
            guest,
            before: cursorAt ?? afterEveryOrderKey,
            take: page.take,
          });
    return rows.map((row) => row.id);
  }

  #read<T extends RecordShape>(query: string, params: Record<string, unknown>): Promise<T[]> {
    return this.#db.read<T>(cypher(query), { ...params, account: this.#account });
  }
}
