import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Role } from "../../src/config/api-keys.ts";
import { loadConfig } from "../../src/config/env.ts";
import type { AuditTrail } from "../../src/graph/audit-trail.ts";
import type { Database } from "../../src/graph/database.ts";
import type { ApiRoutes } from "../../src/http/api-routes.ts";
import { createApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/logger.ts";

/**
 * The real GuestGraph app on a free local port and the run's Neo4j, for component tests that go
 * through HTTP: one API key per role the test file names, and a small client that sends a role's key,
 * Stripe-Account and Idempotency-Key the way API consumers do. Declare it at the top of a test file,
 * start it in beforeAll and stop it in afterAll.
 */

/** The accounts a role's key may act for: any (no list in its configuration entry) or only these. */
export type KeyScope = "any account" | readonly string[];

export interface ApiUnderTestOptions {
  db: Database;
  /** The account a request without Stripe-Account acts for. */
  defaultAccount: string;
  /** One key for each role listed. */
  keys: Partial<Record<Role, KeyScope>>;
  /** The role whose key a call sends when it names none. */
  defaultKey: Role;
  /** The /v1 routes; by default the whole API (createApp's own). */
  routes?: readonly ApiRoutes[];
  /** The built console to serve at `/` (createApp's default: console/dist). */
  consoleDir?: string;
  /** When given, the app logs at info level into it, one JSON line an entry; else it logs nothing. */
  logLines?: string[];
  /** More configuration, as environment variables (e.g. GUESTGRAPH_RATE_LIMIT_PER_MINUTE). */
  env?: Record<string, string>;
  /** The audit trail requests are recorded in; by default the app's own. */
  audit?: AuditTrail;
}

export interface CallOptions {
  /** The role whose key is sent as a Bearer token; null sends none. */
  key?: Role | null;
  /** An Authorization header sent as it is, instead of a role's key. */
  authorization?: string;
  /** Sent as Stripe-Account. */
  account?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is (JSON content type unless contentType says otherwise), instead of body. */
  rawBody?: string | Buffer;
  contentType?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The body parsed as JSON; undefined when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the JSON answer's fields in its assertions
  json: any;
  text: string;
}

export interface ApiUnderTest {
  /** The key of each role, e.g. to check that no key reaches a log. */
  readonly keys: Readonly<Partial<Record<Role, string>>>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Where the started app listens, e.g. http://127.0.0.1:41234 (for a browser to open). */
  baseUrl(): string;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  get(path: string, options?: Omit<CallOptions, "body" | "rawBody">): Promise<Answer>;
}

/** A random key-like text, e.g. an API key or an Idempotency-Key: `name_` and 24 hex digits. */
export function randomKey(name: string): string {
  return `${name}_${randomBytes(12).toString("hex")}`;
}

/** The Stripe-style error object of an answer. */
export function errorOf(answer: Answer) {
  return answer.json?.error as { type: string; code: string | null; message: string; param: string | null };
}

export function apiUnderTest(options: ApiUnderTestOptions): ApiUnderTest {
  const keys: Partial<Record<Role, string>> = {};
  const entries: string[] = [];
  for (const [role, scope] of Object.entries(options.keys) as [Role, KeyScope][]) {
    keys[role] = randomKey(role);
    entries.push(
      scope === "any account" ? `${keys[role]}:${role}` : `${keys[role]}:${role}:${scope.join("|")}`,
    );
  }
  let server: Server | undefined;
  let baseUrl: string | undefined;

  async function start(): Promise<void> {
    const logLines = options.logLines;
    const config = loadConfig({
      LOG_LEVEL: logLines ? "info" : "silent",
      GUESTGRAPH_DEFAULT_ACCOUNT: options.defaultAccount,
      GUESTGRAPH_API_KEYS: entries.join(","),
      ...options.env,
    });
    // The service's own logger (its redaction included), writing into the test's lines.
    const logger = logLines
      ? createLogger("info", { destination: { write: (line: string) => logLines.push(line) } })
      : createLogger("silent", { destination: { write: () => {} } });
    const app = createApp({
      config,
      db: options.db,
      logger,
      ...(options.routes ? { routes: options.routes } : {}),
      ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
      ...(options.audit ? { audit: options.audit } : {}),
    });
    server = await new Promise<Server>((ready) => {
      const listening = app.listen(0, "127.0.0.1", () => ready(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function stop(): Promise<void> {
    await new Promise((closed) => server?.close(closed) ?? closed(undefined));
    server = undefined;
  }

  async function call(method: string, path: string, callOptions: CallOptions = {}): Promise<Answer> {
    if (!baseUrl) throw new Error("The API under test is not started: call start() in beforeAll.");
    const headers: Record<string, string> = {};
    const key = callOptions.key === undefined ? options.defaultKey : callOptions.key;
    if (callOptions.authorization) headers.authorization = callOptions.authorization;
    else if (key) headers.authorization = `Bearer ${keyOf(key)}`;
    if (callOptions.account) headers["stripe-account"] = callOptions.account;
    if (callOptions.idempotencyKey) headers["idempotency-key"] = callOptions.idempotencyKey;
    let body: string | Buffer | undefined;
    if (callOptions.rawBody !== undefined) body = callOptions.rawBody;
    else if (callOptions.body !== undefined) body = JSON.stringify(callOptions.body);
    if (body !== undefined) headers["content-type"] = callOptions.contentType ?? "application/json";
    Object.assign(headers, callOptions.headers);
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: jsonOrUndefined(text), text };
  }

  function keyOf(role: Role): string {
    const key = keys[role];
    if (!key) throw new Error(`The API under test has no ${role} key: add it to the keys it starts with.`);
    return key;
  }

  function startedUrl(): string {
    if (!baseUrl) throw new Error("The API under test is not started: call start() in beforeAll.");
    return baseUrl;
  }

  return {
    keys,
    start,
    stop,
    baseUrl: startedUrl,
    call,
    get: (path, callOptions) => call("GET", path, callOptions),
  };
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
