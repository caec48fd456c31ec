import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { RecordShape } from "neo4j-driver";
import { maskCardNumbersDeep } from "../../src/domain/card-number-guard.ts";
import { cypherRoot } from "../../src/graph/cypher.ts";
import { Database, type Neo4jConnection, type Params, Transaction } from "../../src/graph/database.ts";
import { receivePayments } from "../../src/ingest/receive-payments.ts";
import { parsePayment } from "../../src/ingest/to-payment.ts";
import { timed } from "./stats.ts";

/** Each cypher/ file's text → its name ("resolution/find-matches"), to name the queries a batch runs. */
function cypherNames(): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".cypher")) {
        names.set(readFileSync(path, "utf8"), relative(cypherRoot, path).replace(/\.cypher$/, ""));
      }
    }
  };
  walk(cypherRoot);
  return names;
}

type Stages = Map<string, number>;

/** A transaction that adds the time of each query it runs to `stages`, by cypher/ file name. */
class TimedTransaction extends Transaction {
  readonly #inner: Transaction;
  readonly #stages: Stages;
  readonly #names: Map<string, string>;

  constructor(inner: Transaction, stages: Stages, names: Map<string, string>) {
    super({
      run: () => {
        throw new Error("a timed transaction runs its queries through the inner one");
      },
    });
    this.#inner = inner;
    this.#stages = stages;
    this.#names = names;
  }

  override async run<T extends RecordShape = RecordShape>(query: string, params?: Params): Promise<T[]> {
    const started = performance.now();
    const rows = await this.#inner.run<T>(query, params);
    const name = `cypher ${this.#names.get(query) ?? "(inline query)"}`;
    this.#stages.set(name, (this.#stages.get(name) ?? 0) + performance.now() - started);
    return rows;
  }
}

/** A Database whose write transactions time every query they run. */
class ProfilingDatabase extends Database {
  readonly stages: Stages = new Map();
  readonly #names = cypherNames();

  override writeTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return super.writeTransaction((tx) => work(new TimedTransaction(tx, this.stages, this.#names)));
  }
}

/**
 * Where the time of one ingest batch goes: parsing (validation, identifiers, the card-number scan
 * included), the card-number scan alone, and each Cypher query of the transaction. Milliseconds.
 */
export async function profileIngestBatch(
  connection: Neo4jConnection,
  account: string,
  batch: unknown[],
): Promise<Record<string, number>> {
  const parse = await timed(async () => batch.map((item) => parsePayment(item, account)));
  const scan = await timed(async () => batch.map((item) => maskCardNumbersDeep(item)));
  const db = new ProfilingDatabase(connection);
  try {
    const whole = await timed(() => receivePayments(db, account, batch));
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const stages: Record<string, number> = {
      "parse (validate, identifiers, card-number scan)": round(parse.ms),
      "card-number scan alone": round(scan.ms),
    };
    const queries = [...db.stages.entries()].sort((a, b) => b[1] - a[1]);
    for (const [name, ms] of queries) stages[name] = round(ms);
    stages["whole batch (receivePayments)"] = round(whole.ms);
    return stages;
  } finally {
    await db.close();
  }
}
