import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
} from "neo4j-driver";

export interface Neo4jConnection {
  uri: string;
  username: string;
  password: string;
  database: string;
}

export type Params = Record<string, unknown>;

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
 * The one door to Neo4j. Reads and writes go through the driver's managed transactions, which retry
 * transient errors and deadlocks; every query text comes from cypher/ and every value is a parameter.
 */
export class Database {
  readonly driver: Driver;
  readonly name: string;

  constructor(connection: Neo4jConnection) {
    this.driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password), {
      disableLosslessIntegers: true,
      maxTransactionRetryTime: 30_000,
    });
    this.name = connection.database;
  }

  /**
   * `timeoutMs` is enforced by the server: Neo4j ends the transaction when it runs longer, and the read
   * throws an error that isTransactionTimeout recognises (link analysis uses it to answer in bounded time).
   */
  async read<T extends RecordShape = RecordShape>(
    query: string,
    params: Params = {},
    options: { timeoutMs?: number } = {},
  ): Promise<T[]> {
    const result = await this.driver.executeQuery(query, toNeo4jParams(params) as Params, {
      database: this.name,
      routing: neo4j.routing.READ,
      ...(options.timeoutMs === undefined
        ? {}
        : { transactionConfig: { timeout: Math.max(1, Math.ceil(options.timeoutMs)) } }),
    });
    return result.records.map((record) => record.toObject() as T);
  }

  async write<T extends RecordShape = RecordShape>(query: string, params: Params = {}): Promise<T[]> {
    const result = await this.driver.executeQuery(query, toNeo4jParams(params) as Params, {
      database: this.name,
      routing: neo4j.routing.WRITE,
    });
    return result.records.map((record) => record.toObject() as T);
  }

  /** Runs `work` in one managed write transaction: all of it commits, or none of it, and transient failures are retried. */
  async writeTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite((tx) => work(new Transaction(tx)));
    } finally {
      await session.close();
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
    return this.driver.close();
  }
}

/** Whether Neo4j ended a transaction because it ran past its timeout. */
export function isTransactionTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.includes("TransactionTimedOut");
}

/** A managed transaction, returning plain objects. */
export class Transaction {
  readonly #tx: ManagedTransaction;

  constructor(tx: ManagedTransaction) {
    this.#tx = tx;
  }

  async run<T extends RecordShape = RecordShape>(query: string, params: Params = {}): Promise<T[]> {
    const result = await this.#tx.run<T>(query, toNeo4jParams(params) as Params);
    return result.records.map((record) => record.toObject() as T);
  }
}
