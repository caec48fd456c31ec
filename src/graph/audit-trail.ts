import neo4j from "neo4j-driver";
import { type AuditEvent, type AuditObject, auditOrderKey, auditOrderKeyAt } from "../domain/audit-event.ts";
import type { PageRequest } from "../domain/page.ts";
import type { Logger } from "../logger.ts";
import { auditEvents } from "../metrics.ts";
import { cypher } from "./cypher.ts";
import type { Database } from "./database.ts";

/**
 * The audit trail in Neo4j, one (:AuditEvent) per API request, per merchant account.
 *
 * Written cheaply: `record` only queues the event; the queue is written in one UNWIND every `flushMs`
 * (or as soon as `batchSize` events wait), off the request's path. Durable enough for its purpose:
 *  - a request's event reaches Neo4j within ~flushMs of its answer;
 *  - while Neo4j is away the queue keeps up to `maxQueued` events and writes them once it is back
 *    (beyond that the oldest are dropped, logged and counted in guestgraph_audit_events_total{outcome="dropped"});
 *  - a graceful stop (SIGTERM) writes the queue before the process exits;
 *  - only a hard crash of the Node process (kill -9, power loss) loses the events of its last ~flushMs.
 * Retention: events older than `retentionDays` are deleted per account, at most hourly, after a write.
 */

export interface AuditTrailOptions {
  retentionDays: number;
  flushMs?: number;
  batchSize?: number;
  maxQueued?: number;
}

export class AuditTrail {
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #retentionMs: number;
  readonly #flushMs: number;
  readonly #batchSize: number;
  readonly #maxQueued: number;
  #queue: AuditEvent[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | null = null;
  readonly #lastSwept = new Map<string, number>();
  #dropped = 0;

  constructor(db: Database, logger: Logger, options: AuditTrailOptions) {
    this.#db = db;
    this.#logger = logger;
    this.#retentionMs = options.retentionDays * 24 * 60 * 60 * 1000;
    this.#flushMs = options.flushMs ?? 250;
    this.#batchSize = options.batchSize ?? 500;
    this.#maxQueued = options.maxQueued ?? 50_000;
  }

  record(event: AuditEvent): void {
    this.#queue.push(event);
    if (this.#queue.length > this.#maxQueued) {
      const over = this.#queue.length - this.#maxQueued;
      this.#queue.splice(0, over);
      this.#dropped += over;
      auditEvents.inc({ outcome: "dropped" }, over);
      if (this.#dropped === over || this.#dropped % 1000 < over) {
        this.#logger.error(
          { dropped: this.#dropped },
          "audit queue full (Neo4j away too long): oldest events dropped",
        );
      }
    }
    if (this.#queue.length >= this.#batchSize) void this.flush();
    else this.#schedule();
  }

  /** Writes everything queued so far (and waits for a write in progress). Failures keep the events queued. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#writing) await this.#writing;
    if (this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#batchSize);
    this.#writing = this.#write(batch).finally(() => {
      this.#writing = null;
    });
    await this.#writing;
    if (this.#queue.length > 0) this.#schedule();
  }

  /** For a graceful stop: writes the queue, trying again for up to `withinMs` while Neo4j is away. */
  async close(withinMs = 5_000): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (this.#queue.length > 0 || this.#writing) {
      await this.flush();
      if (this.#queue.length === 0) break;
      if (Date.now() > deadline) {
        this.#logger.error({ lost: this.#queue.length }, "stopping with audit events Neo4j did not take");
        break;
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    clearTimeout(this.#timer);
  }

  get queued(): number {
    return this.#queue.length;
  }

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#flushMs);
    this.#timer.unref();
  }

  async #write(batch: AuditEvent[]): Promise<void> {
    try {
      await this.#db.write(cypher("audit/record-events"), { events: batch.map(toProperties) });
      auditEvents.inc({ outcome: "written" }, batch.length);
    } catch (error) {
      // Back to the front of the queue, in order; the next flush (or the one after Neo4j is back) writes them.
      this.#queue.unshift(...batch);
      if (this.#queue.length > 0) this.#schedule();
      const away = (error as { name?: string }).name === "Neo4jUnavailableError";
      if (!away)
        this.#logger.error({ error: (error as Error).name }, "could not write audit events; will retry");
      return;
    }
    await this.#sweep(new Set(batch.map((event) => event.account)));
  }

  async #sweep(accounts: Set<string>): Promise<void> {
    const now = Date.now();
    for (const account of accounts) {
      if (now - (this.#lastSwept.get(account) ?? 0) < 60 * 60 * 1000) continue;
      this.#lastSwept.set(account, now);
      try {
        await deleteExpiredAuditEvents(this.#db, account, now - this.#retentionMs);
      } catch {
        this.#lastSwept.delete(account); // Try again after the next write.
      }
    }
  }
}

/** Deletes an account's events created before `cutoffMs`, in batches; answers how many. */
export async function deleteExpiredAuditEvents(
  db: Database,
  account: string,
  cutoffMs: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = await db.write<{ deleted: number }>(cypher("audit/delete-expired"), {
      account,
      cutoff: auditOrderKeyAt(cutoffMs),
      batch: neo4j.int(1000),
    });
    const deleted = row?.deleted ?? 0;
    total += deleted;
    if (deleted < 1000) return total;
  }
}

function toProperties(event: AuditEvent): Record<string, unknown> {
  return {
    account: event.account,
    id: event.id,
    at: auditOrderKey(event.createdMs, event.id),
    created: Math.floor(event.createdMs / 1000),
    keyId: event.keyId,
    role: event.role,
    sourceIp: event.sourceIp,
    requestId: event.requestId,
    action: event.action,
    method: event.method,
    route: event.route,
    status: event.status,
    objectTypes: event.objects.map((object) => object.object),
    objectIds: event.objects.map((object) => object.id),
    objectsTruncated: event.objectsTruncated,
    subjects: event.objects.map((object) => subjectToken(event.account, object.id)).join(" "),
  };
}

/** One whitespace-free token per object: ids with spaces (never in practice) have them replaced. */
function subjectToken(account: string, objectId: string): string {
  return `${account}/${objectId.replace(/\s/g, "_")}`;
}

export interface StoredAuditEvent {
  id: string;
  account: string;
  created: number;
  keyId: string;
  role: string;
  sourceIp: string | null;
  requestId: string | null;
  action: string;
  method: string;
  route: string;
  status: number;
  objects: AuditObject[];
  objectsTruncated: boolean;
}

export interface AuditEventFilter {
  /** An object id: events that touched it. */
  object?: string | undefined;
  /** A key id (key_…): events of that key. */
  keyId?: string | undefined;
  /** Unix seconds, inclusive bounds. */
  createdFrom?: number | undefined;
  createdTo?: number | undefined;
}

/** Pages of an account's audit events, newest first, for GET /v1/audit_events. */
export async function listAuditEvents(
  db: Database,
  account: string,
  filter: AuditEventFilter,
  page: PageRequest,
): Promise<StoredAuditEvent[] | null> {
  let since = filter.createdFrom === undefined ? "" : auditOrderKeyAt(filter.createdFrom * 1000);
  let until = filter.createdTo === undefined ? "~" : auditOrderKeyAt((filter.createdTo + 1) * 1000);
  if (page.cursor) {
    const [row] = await db.read<{ at: string }>(cypher("audit/event-position"), {
      account,
      id: page.cursor.id,
    });
    if (!row) return null;
    // Order keys are strings: the cursor tightens the bound on its side (just after it, for ending_before).
    const justAfter = `${row.at}\u0000`;
    if (page.cursor.direction === "after") {
      if (row.at < until) until = row.at;
    } else if (justAfter > since) since = justAfter;
  }
  const order = page.cursor?.direction === "before" ? "oldest-first" : "newest-first";
  const bounds = { account, since, until, take: page.take };
  const rows = filter.object
    ? await db.read<{ event: Record<string, unknown> }>(cypher(`audit/object-events-${order}`), {
        ...bounds,
        subjectQuery: `"${subjectToken(account, filter.object).replace(/["\\]/g, "\\$&")}"`,
        keyId: filter.keyId ?? null,
      })
    : filter.keyId
      ? await db.read<{ event: Record<string, unknown> }>(cypher(`audit/key-events-${order}`), {
          ...bounds,
          keyId: filter.keyId,
        })
      : await db.read<{ event: Record<string, unknown> }>(cypher(`audit/events-${order}`), bounds);
  return rows.map(({ event }) => fromProperties(event));
}

function fromProperties(event: Record<string, unknown>): StoredAuditEvent {
  const types = (event.objectTypes as string[] | null) ?? [];
  const ids = (event.objectIds as string[] | null) ?? [];
  return {
    id: String(event.id),
    account: String(event.account),
    created: Number(event.created),
    keyId: String(event.keyId),
    role: String(event.role),
    sourceIp: (event.sourceIp as string | null) ?? null,
    requestId: (event.requestId as string | null) ?? null,
    action: String(event.action),
    method: String(event.method),
    route: String(event.route),
    status: Number(event.status),
    objects: types.map((object, index) => ({ object, id: ids[index] ?? "" })),
    objectsTruncated: event.objectsTruncated === true,
  };
}
