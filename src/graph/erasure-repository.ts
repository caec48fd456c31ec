import type { ErasedIdentifier } from "../domain/erasure.ts";
import { cypher } from "./cypher.ts";
import type { Transaction } from "./database.ts";

/** Erasures' reads and writes, inside one transaction of one merchant account. One query from cypher/erasure each. */

export interface ErasablePayment {
  id: string;
  guest: string | null;
  customer: string | null;
  description: string | null;
  /** JSON text of the metadata map. */
  metadata: string | null;
}

export interface ErasureRecord {
  id: string;
  /** Unix seconds. */
  created: number;
  identifierType: "email" | "phone" | "card_fingerprint";
  /** Keyed hash of the value asked to erase (Database.keyedHash); never the value. */
  valueHash: string;
  /** The API key's id (a short hash), or the operator of a CLI command. */
  requestedBy: string;
  paymentsTouched: number;
  guestsChanged: number;
  guestsRetired: number;
}

export class ErasureRepository {
  readonly #tx: Transaction;
  readonly #account: string;

  constructor(tx: Transaction, account: string) {
    this.#tx = tx;
    this.#account = account;
  }

  async paymentsUsing(identifiers: ErasedIdentifier[]): Promise<ErasablePayment[]> {
    return this.#tx.run<ErasablePayment>(cypher("erasure/find-identifier-payments"), {
      account: this.#account,
      identifiers,
    });
  }

  async erase(
    identifiers: ErasedIdentifier[],
    scrubs: {
      id: string;
      description: string | null;
      metadata: string | null;
      clearCardFingerprint: boolean;
    }[],
  ): Promise<void> {
    await this.#tx.run(cypher("erasure/erase-identifiers"), { account: this.#account, identifiers, scrubs });
  }

  /** Which of these keyed hashes name identifiers erased in the account. */
  async erasedAmong(hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = await this.#tx.run<{ hash: string }>(cypher("erasure/find-erased-identifiers"), {
      account: this.#account,
      hashes,
    });
    return new Set(rows.map((row) => row.hash));
  }

  /** Records the erasure and the erased identities' hashes; answers the erasure it repeats, if any. */
  async record(erasure: ErasureRecord, hashes: string[]): Promise<string | null> {
    const [row] = await this.#tx.run<{ repeatOf: string | null }>(cypher("erasure/record-erasure"), {
      account: this.#account,
      erasure,
      hashes,
    });
    return row?.repeatOf ?? null;
  }
}
