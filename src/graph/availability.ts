import { EventEmitter } from "node:events";
import { Neo4jError } from "neo4j-driver";

/**
 * Whether Neo4j answers, as this process last saw it. When a query finds Neo4j gone (the server was
 * killed, restarted, or the network dropped), the state turns "down": every query after that fails at
 * once with Neo4jUnavailableError (a 503 for the API) instead of waiting on the driver's retries, and a
 * probe asks Neo4j every `probeIntervalMs` until it answers again, when the state turns "up" by itself.
 * Nothing has to restart: the driver opens new connections to the restarted server.
 */

export type AvailabilityState = "up" | "down";

export class Neo4jUnavailableError extends Error {
  override name = "Neo4jUnavailableError";
  /** "unreachable": Neo4j does not answer; "timeout": a query ran past its transaction timeout. */
  readonly reason: "unreachable" | "timeout";
  constructor(reason: "unreachable" | "timeout", options?: { cause?: unknown }) {
    super(
      reason === "unreachable" ? "Neo4j is not reachable" : "a Neo4j transaction ran past its timeout",
      options,
    );
    this.reason = reason;
  }
}

/** Driver errors that mean the server (or the way to it) is gone, not that the query was wrong. */
export function isConnectivityError(error: unknown): boolean {
  if (error instanceof Neo4jUnavailableError) return error.reason === "unreachable";
  if (!(error instanceof Neo4jError)) return false;
  return error.code === "ServiceUnavailable" || error.code === "SessionExpired";
}

/**
 * A transaction that Neo4j ended because it ran past its timeout (set on every query, see database.ts),
 * including one that waited that long for a lock.
 */
export function isTimeoutError(error: unknown): boolean {
  if (error instanceof Neo4jUnavailableError) return error.reason === "timeout";
  if (!(error instanceof Neo4jError)) return false;
  return (
    error.code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut") ||
    // A timed-out transaction waiting for a lock is stopped with this code (Client- or TransientError by version).
    error.code.endsWith(".Transaction.LockClientStopped") ||
    error.code === "Neo.TransientError.Transaction.Terminated"
  );
}

export class Availability extends EventEmitter<{ down: [since: Date]; up: [downForMs: number] }> {
  #state: AvailabilityState = "up";
  #downSince = 0;
  #probe: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #check: () => Promise<void>;
  readonly #probeIntervalMs: number;

  constructor(check: () => Promise<void>, probeIntervalMs = 250) {
    super();
    this.setMaxListeners(0); // Work waiting for Neo4j to come back (idempotency releases) listens for "up".
    this.#check = check;
    this.#probeIntervalMs = probeIntervalMs;
  }

  get state(): AvailabilityState {
    return this.#state;
  }

  /** Throws Neo4jUnavailableError while Neo4j is down: a caller learns it without waiting. */
  assertUp(): void {
    if (this.#state === "down") throw new Neo4jUnavailableError("unreachable");
  }

  /** A query found Neo4j gone: turn down and probe until it answers. */
  markDown(): void {
    if (this.#state === "down" || this.#closed) return;
    this.#state = "down";
    this.#downSince = Date.now();
    this.emit("down", new Date(this.#downSince));
    this.#scheduleProbe();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#probe);
  }

  #scheduleProbe(): void {
    this.#probe = setTimeout(async () => {
      if (this.#closed) return;
      try {
        await this.#check();
        this.#state = "up";
        this.emit("up", Date.now() - this.#downSince);
      } catch {
        this.#scheduleProbe();
      }
    }, this.#probeIntervalMs);
    this.#probe.unref();
  }
}
