import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../config/env.ts";
import { erasureHashKey } from "../config/erasure-key.ts";
import { Database } from "../graph/database.ts";
import { applyMigrations } from "../graph/migrations.ts";
import { provideNeo4j } from "../graph/neo4j-server.ts";
import { type ReceivedItem, receivePayments } from "../ingest/receive-payments.ts";
import { configError, unavailable } from "./cli-errors.ts";

/**
 * Where the commands that bring payments in (import, demo, backfill) send them: straight to Neo4j
 * through the same ingest use-case the API runs, or to a running GuestGraph API (POST /v1/payments).
 * The API is used when asked for (--api), or found answering at HOST:PORT — so that `npm start`
 * followed by `npm run guestgraph -- demo` works even when that `npm start` owns the local Neo4j.
 */
export interface PaymentSink {
  /** "neo4j" or the API's address, for the person running the command. */
  readonly description: string;
  /** Stores a batch (any size: the API sink splits it) and says what became of each item, in order. */
  send(account: string, batch: unknown[]): Promise<ReceivedItem[]>;
  /** The database, when writing to Neo4j directly (backfill keeps its checkpoint there). */
  readonly db: Database | null;
  close(): Promise<void>;
}

export interface SinkChoice {
  /** The API's base URL; "auto" finds one at HOST:PORT; null writes to Neo4j directly. */
  api: string | "auto" | null;
}

export async function openPaymentSink(config: Config, choice: SinkChoice): Promise<PaymentSink> {
  const url = choice.api === "auto" ? await answeringApi(config) : choice.api;
  if (url) return new ApiSink(url, await apiKey(config));
  return DirectSink.open(config);
}

/** Neo4j itself: NEO4J_URI, else the local server. */
export async function openDatabase(config: Config): Promise<{ db: Database; close(): Promise<void> }> {
  let neo4j: Awaited<ReturnType<typeof provideNeo4j>>;
  try {
    neo4j = await provideNeo4j(config);
  } catch (error) {
    throw unavailable(
      `Cannot reach Neo4j: ${oneLine(error)} (set NEO4J_URI, or start the local one with \`npm run neo4j -- start\`; while \`npm start\` runs, its API is used instead)`,
    );
  }
  // The same erasure key as the service's, so that erased identifiers stay erased whichever way payments come in.
  const db = new Database(neo4j.connection, { hashKey: await erasureHashKey(config) });
  try {
    await applyMigrations(db);
  } catch (error) {
    await db.close();
    await neo4j.release();
    throw unavailable(
      `Cannot reach Neo4j at ${neo4j.connection.uri}: ${oneLine(error)} (check NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD)`,
    );
  }
  return {
    db,
    close: async () => {
      await db.close();
      await neo4j.release();
    },
  };
}

class DirectSink implements PaymentSink {
  readonly description = "Neo4j (directly)";
  readonly db: Database;
  readonly #close: () => Promise<void>;

  private constructor(db: Database, close: () => Promise<void>) {
    this.db = db;
    this.#close = close;
  }

  static async open(config: Config): Promise<DirectSink> {
    const { db, close } = await openDatabase(config);
    return new DirectSink(db, close);
  }

  send(account: string, batch: unknown[]): Promise<ReceivedItem[]> {
    return receivePayments(this.db, account, batch);
  }

  close(): Promise<void> {
    return this.#close();
  }
}

/** The API takes up to 1,000 payments per request. */
const apiBatchLimit = 1000;

class ApiSink implements PaymentSink {
  readonly description: string;
  readonly db = null;
  readonly #url: string;
  readonly #key: string;

  constructor(url: string, key: string) {
    this.#url = url.replace(/\/+$/, "");
    this.#key = key;
    this.description = `the GuestGraph API at ${this.#url}`;
  }

  async send(account: string, batch: unknown[]): Promise<ReceivedItem[]> {
    const results: ReceivedItem[] = [];
    for (let start = 0; start < batch.length; start += apiBatchLimit) {
      const part = batch.slice(start, start + apiBatchLimit);
      const answer = await this.#post(account, part);
      answer.data.forEach((item, index) => {
        if (item.result !== "refused") {
          results.push({
            ok: true,
            id: item.id,
            guest: item.guest,
            result: item.result,
            redacted: item.redacted ?? [],
          });
          return;
        }
        // The API names the field within the batch (data[3].amount); the item's own name is what follows.
        const param = (item.error?.param ?? "").replace(/^data\[\d+\]\.?/, "") || "(payload)";
        const error = {
          param,
          message: item.error?.message ?? "refused",
          code: item.error?.code ?? "parameter_invalid",
        };
        results.push({ ok: false, index: start + index, error: error as ReceivedRefusal["error"] });
      });
    }
    return results;
  }

  async #post(account: string, data: unknown[]): Promise<ApiBatchAnswer> {
    const body = JSON.stringify({ data });
    // The same key on every retry of this request: the API answers a repeat from its idempotency record.
    const idempotencyKey = `guestgraph-cli-${crypto.randomUUID()}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.#url}/v1/payments`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${this.#key}`,
            "content-type": "application/json",
            "stripe-account": account,
            "idempotency-key": idempotencyKey,
          },
          body,
          signal: AbortSignal.timeout(120_000),
        });
      } catch (error) {
        if (attempt < 5) {
          await sleep(500 * 2 ** attempt);
          continue;
        }
        throw unavailable(`The GuestGraph API at ${this.#url} did not answer: ${oneLine(error)}`);
      }
      if (response.ok) return (await response.json()) as ApiBatchAnswer;
      const retryAfter = Number(response.headers.get("retry-after"));
      if ((response.status === 429 || response.status >= 500) && attempt < 5) {
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 500 * 2 ** attempt);
        continue;
      }
      const error = ((await response.json().catch(() => ({}))) as { error?: { message?: string } }).error;
      const hint =
        response.status === 401 || response.status === 403
          ? " (set GUESTGRAPH_API_KEY to a key with the ingest role)"
          : "";
      throw unavailable(
        `The GuestGraph API at ${this.#url} answered ${response.status}: ${error?.message ?? response.statusText}${hint}`,
      );
    }
  }

  async close(): Promise<void> {}
}

type ReceivedRefusal = Extract<ReceivedItem, { ok: false }>;

interface ApiBatchAnswer {
  data: {
    id: string;
    guest: string | null;
    result: "created" | "updated" | "unchanged" | "deleted" | "refused";
    redacted?: string[];
    error: { param: string | null; message: string; code: string } | null;
  }[];
}

/** The API at HOST:PORT, when one answers /healthz there within half a second. */
async function answeringApi(config: Config): Promise<string | null> {
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${config.PORT}`;
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(500) });
    return response.ok ? url : null;
  } catch {
    return null;
  }
}

/** GUESTGRAPH_API_KEY, else the local try-out's admin key that `npm start` keeps in the data folder. */
async function apiKey(config: Config): Promise<string> {
  const fromEnv = process.env.GUESTGRAPH_API_KEY?.trim();
  if (fromEnv) return fromEnv;
  const file = join(config.GUESTGRAPH_DATA_DIR, "api-key");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    throw configError(
      `No API key to call the GuestGraph API with: set GUESTGRAPH_API_KEY to a key with the ingest role (or pass --direct to write to Neo4j)`,
    );
  }
}

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.trim() ?? "";
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
