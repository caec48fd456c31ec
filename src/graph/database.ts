import { createHmac, type Hmac, randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import neo4j, {
  type Driver,
  type ManagedTransaction,
  Neo4jError,
  type QueryResult,
  type RecordShape,
} from "neo4j-driver";
import { neo4jPoolSize, neo4jQueryDuration, neo4jSessionsInUse, neo4jUp } from "../metrics.ts";
import { Availability, isConnectivityError, isTimeoutError, Neo4jUnavailableError } from "./availability.ts";

export interface Neo4jConnection {
  uri: string;
  username: string;
  password: string;
  database: string;
}

export type Params = Record<string, unknown>;

export interface DatabaseOptions {
  /**
   * Neo4j's own transaction timeout, set on every query and transaction: the server ends one that runs
   * (or waits for a lock) longer, and the caller gets Neo4jUnavailableError("timeout"), a 503 for the API.
   */
  queryTimeoutMs?: number;
  /**
   * The secret of keyedHash (GUESTGRAPH_ERASURE_KEY, see config/erasure-key.ts). Without one a random key
   * lives as long as this object: enough for tests, never for a service (hashes would not match across restarts).
   */
  hashKey?: string;
}

const defaultQueryTimeoutMs = 30_000;
const maxPoolSize = 100;
// Retries of transient errors (deadlocks, a leader switch): the driver's own retry loop is off (see below).
const maxRetryMs = 30_000;
// Beyond the server's timeout, how long we wait before giving up on a server that does not answer at all.
const clientGraceMs = 5_000;

/**
 * JavaScript has one number type; Neo4j has INTEGER and FLOAT. Whole numbers (amounts, created,
 * limits) are sent as INTEGER so that LIMIT accepts them and Browser users see 1099, not 1099.0.
 */
export function toNeo4jParams(value: unknown): unknown {
  if (typeof value === "number") return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) return value.map(toNeo4jParams);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toNeo4jParams(inner)]));
  }
  return value;
}

/**
 * The one door to Neo4j. Reads and writes run in managed transactions, retried here on transient errors
 * and deadlocks; every query text comes from cypher/ and every value is a parameter.
 *
 * When Neo4j goes away, a query fails fast instead of hanging: the driver's own retry loop (which
 * would wait up to 30 s for a server to come back) is off, a lost connection turns `availability` down,
 * and from then every query fails at once with Neo4jUnavailableError until a probe sees Neo4j again.
 * Every transaction carries a server-side timeout, so a stuck one ends as Neo4jUnavailableError("timeout").
 */
export class Database {
  readonly driver: Driver;
  readonly name: string;
  /** Where Neo4j is (for log lines; the URI never holds the password, which is passed apart). */
  readonly uri: string;
  readonly availability: Availability;
  readonly queryTimeoutMs: number;
  readonly #hashKey: string | Buffer;

  constructor(connection: Neo4jConnection, options: DatabaseOptions = {}) {
    this.#hashKey = options.hashKey ?? randomBytes(32);
    this.driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password), {
      disableLosslessIntegers: true,
      // Retries are ours (see #guarded): the driver's would keep a request waiting while Neo4j is down.
      maxTransactionRetryTime: 0,
      maxConnectionPoolSize: maxPoolSize,
      connectionTimeout: 5_000,
      connectionAcquisitionTimeout: 10_000,
    });
    this.name = connection.database;
    this.uri = connection.uri;
    this.queryTimeoutMs = options.queryTimeoutMs ?? defaultQueryTimeoutMs;
    this.availability = new Availability(() =>
      this.driver.verifyConnectivity({ database: this.name }).then(() => {}),
    );
    this.availability.on("down", () => neo4jUp.set(0));
    this.availability.on("up", () => neo4jUp.set(1));
    neo4jPoolSize.set(maxPoolSize);
  }

  /**
   * `timeoutMs` (shorter than the query timeout) is enforced by the server too: Neo4j ends the transaction
   * when it runs longer, and the read throws an error that isTransactionTimeout recognises (link analysis
   * uses it to answer in bounded time).
   */
  async read<T extends RecordShape = RecordShape>(
    query: string,
    params: Params = {},
    options: { timeoutMs?: number } = {},
  ): Promise<T[]> {
    const timeoutMs =
      options.timeoutMs === undefined
        ? this.queryTimeoutMs
        : Math.max(1, Math.min(Math.ceil(options.timeoutMs), this.queryTimeoutMs));
    return this.#guarded(
      "read",
      () => this.#inTransaction("READ", (tx) => tx.run<T>(query, params), timeoutMs),
      timeoutMs,
    );
  }

  async write<T extends RecordShape = RecordShape>(query: string, params: Params = {}): Promise<T[]> {
    return this.#guarded("write", () => this.#inTransaction("WRITE", (tx) => tx.run<T>(query, params)));
  }

  /** Runs `work` in one write transaction: all of it commits, or none of it, and transient failures are retried. */
  async writeTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.#guarded("transaction", () => this.#inTransaction("WRITE", work));
  }

  /** One attempt: a session, an explicit transaction with the server-side timeout, commit or roll back. */
  async #inTransaction<T>(
    mode: "READ" | "WRITE",
    work: (tx: Transaction) => Promise<T>,
    timeoutMs = this.queryTimeoutMs,
  ): Promise<T> {
    const session = this.driver.session({ database: this.name, defaultAccessMode: mode });
    try {
      const tx = session.beginTransaction({ timeout: timeoutMs });
      try {
        const result = await work(new Transaction(tx));
        await tx.commit();
        return result;
      } catch (error) {
        if (tx.isOpen()) await tx.rollback().catch(() => {});
        throw error;
      }
    } finally {
      await session.close().catch(() => {});
    }
  }

  /**
   * One attempt after another while the error is transient (a deadlock, a lock client stopped by a leader
   * switch), up to maxRetryMs; fails at once while Neo4j is down, and turns it down on a lost connection.
   * Each attempt is also bounded on our side (the server's timeout plus a grace), for a server that
   * stopped answering without closing its connections.
   */
  async #guarded<T>(
    kind: "read" | "write" | "transaction",
    attempt: () => Promise<T>,
    timeoutMs = this.queryTimeoutMs,
  ): Promise<T> {
    const started = performance.now();
    const deadline = Date.now() + maxRetryMs;
    let delayMs = 25;
    neo4jSessionsInUse.inc();
    try {
      for (;;) {
        this.availability.assertUp();
        try {
          const result = await withDeadline(attempt(), timeoutMs + clientGraceMs);
          neo4jQueryDuration.observe({ kind, outcome: "ok" }, (performance.now() - started) / 1000);
          return result;
        } catch (error) {
          if (isConnectivityError(error)) {
            this.availability.markDown();
            throw new Neo4jUnavailableError("unreachable", { cause: error });
          }
          if (isTimeoutError(error)) throw new Neo4jUnavailableError("timeout", { cause: error });
          if (!isTransient(error) || Date.now() + delayMs > deadline) throw error;
        }
        await sleep(delayMs * (0.5 + Math.random()));
        delayMs = Math.min(delayMs * 2, 1_000);
      }
    } catch (error) {
      const outcome =
        error instanceof Neo4jUnavailableError
          ? error.reason === "timeout"
            ? "timeout"
            : "unavailable"
          : "error";
      neo4jQueryDuration.observe({ kind, outcome }, (performance.now() - started) / 1000);
      throw error;
    } finally {
      neo4jSessionsInUse.dec();
    }
  }

  /** A schema or admin statement outside any explicit transaction. */
  async runAutoCommit(query: string, params: Params = {}): Promise<QueryResult> {
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.run(query, toNeo4jParams(params) as Params);
    } finally {
      await session.close();
    }
  }

  /**
   * A keyed hash (HMAC-SHA256, base64url) of personal data that must be recognised without being kept,
   * such as an erased email: without the key, which never enters the graph, it cannot be reversed by guessing.
   */
  keyedHash(text: string): string {
    return createHmac("sha256", this.#hashKey).update(text).digest("base64url");
  }

  /**
   * An HMAC-SHA256 under the same key, to feed in pieces: for hashes of requests that hold personal data
   * (Idempotency-Key records), which must match their retries without confirming a guessed value.
   */
  keyedHasher(): Hmac {
    return createHmac("sha256", this.#hashKey);
  }

  async serverVersion(): Promise<string> {
    const rows = await this.driver.executeQuery(
      "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
      {},
      { database: "system", routing: neo4j.routing.READ },
    );
    const row = rows.records[0];
    return `${row?.get("name")} ${row?.get("version")} ${row?.get("edition")}`;
  }

  close(): Promise<void> {
    this.availability.close();
    return this.driver.close();
  }
}

/** Whether Neo4j ended a transaction because it ran past its timeout. */
export function isTransactionTimeout(error: unknown): boolean {
  return isTimeoutError(error);
}

function isTransient(error: unknown): boolean {
  return error instanceof Neo4jError && error.retryable;
}

/** The attempt, or a timeout error once `ms` have passed without an answer (the attempt is left to fail on its own). */
function withDeadline<T>(attempt: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Neo4jUnavailableError("timeout")), ms);
  });
  return Promise.race([attempt, timeout]).finally(() => clearTimeout(timer));
}

/** A transaction, returning plain objects. */
export class Transaction {
  readonly #tx: Pick<ManagedTransaction, "run">;

  constructor(tx: Pick<ManagedTransaction, "run">) {
    this.#tx = tx;
  }

  async run<T extends RecordShape = RecordShape>(query: string, params: Params = {}): Promise<T[]> {
    const result = await this.#tx.run<T>(query, toNeo4jParams(params) as Params);
    return result.records.map((record) => record.toObject() as T);
  }
}
