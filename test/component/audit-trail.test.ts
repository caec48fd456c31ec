import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { keyDigest } from "../../src/config/api-keys.ts";
import { AuditTrail } from "../../src/graph/audit-trail.ts";
import { apiRoutes } from "../../src/http/api-routes.ts";
import { v1Routes } from "../../src/http/routes/v1.ts";
import { createLogger } from "../../src/logger.ts";
import { apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * The audit trail through the real API and Neo4j: every read, traversal, search and ingest is an event
 * naming the key by id, when, from where, the action and the objects; GET /v1/audit_events (admin)
 * answers "who looked at this guest?" in Stripe's list style; a route added by anyone is audited.
 */

const db = openTestDatabase();
const account = uniqueAccount();
const otherAccount = uniqueAccount();
const logger = createLogger("silent", { destination: { write: () => {} } });
const trail = new AuditTrail(db, logger, { retentionDays: 30, flushMs: 50 });
const webhookSecret = "whsec_audittrailtest0123456789";

// A route as another engineer would add it, with nothing about auditing in it.
const extra = apiRoutes();
extra.add(
  {
    method: "get",
    path: "/test_rings/:id",
    role: "investigator",
    summary: "A ring (test)",
    params: z.object({ id: z.string() }),
    response: z.object({ object: z.literal("test_ring"), id: z.string(), members: z.array(z.unknown()) }),
  },
  async ({ params }) => ({
    object: "test_ring" as const,
    id: params.id,
    members: [{ object: "guest", id: "gst_member1" }],
  }),
);

const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { admin: "any account", reader: [account], investigator: "any account", ingest: "any account" },
  defaultKey: "admin",
  routes: [...v1Routes(db), extra],
  audit: trail,
  env: { STRIPE_WEBHOOK_SECRET: webhookSecret },
});

function payment(id: string, created: number, email: string) {
  return { object: "payment", id, created, amount: 1200, currency: "eur", status: "succeeded", email };
}

const keyId = (key: string | undefined) =>
  `key_${keyDigest(key ?? "")
    .toString("hex")
    .slice(0, 10)}`;

let guest: string;

beforeAll(async () => {
  await api.start();
  const ingested = await api.call("POST", "/v1/payments", {
    key: "ingest",
    body: {
      data: [
        payment("aud-1", 1_700_000_000, "ann@example.com"),
        payment("aud-2", 1_700_000_100, "ann@example.com"),
      ],
    },
  });
  guest = ingested.json.data[0].guest;
});

afterAll(async () => {
  await api.stop();
  await trail.close();
  await db.write("MATCH (n) WHERE n.account IN $accounts DETACH DELETE n", {
    accounts: [account, otherAccount],
  });
  await db.close();
});

async function events(query: string, account?: string) {
  await trail.flush();
  return api.get(`/v1/audit_events${query}`, account ? { account } : {});
}

describe("what is recorded", () => {
  it("when a reader looks at a guest, its payments, a payment, a list and a search, and an investigator walks the graph, then each is an event naming who, when, from where, what and which objects", async () => {
    const started = Math.floor(Date.now() / 1000);
    const view = await api.get(`/v1/guests/${guest}`, { key: "reader" });
    await api.get(`/v1/guests/${guest}/payments`, { key: "reader" });
    await api.get("/v1/payments/aud-1", { key: "reader" });
    await api.get("/v1/guests?email=ann@example.com", { key: "reader" });
    await api.get("/v1/search?query=ann@example.com", { key: "reader" });
    await api.get(`/v1/graph/neighborhood?node=${guest}&depth=1`, { key: "investigator" });

    const answer = await events(`?object=${guest}&limit=20`);

    expect(view.status).toBe(200);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ object: "list", has_more: false, url: "/v1/audit_events" });
    const actions = answer.json.data.map((event: { action: string }) => event.action);
    expect(actions.slice(0, 6)).toEqual([
      "graph.neighborhood.list",
      "search.list",
      "guests.list",
      "payments.retrieve",
      "guests.payments.list",
      "guests.retrieve",
    ]);
    expect(actions).toContain("payments.create");
    const retrieve = answer.json.data[5];
    expect(retrieve).toEqual({
      id: expect.stringMatching(/^ae_/),
      object: "audit_event",
      created: expect.any(Number),
      account,
      key: keyId(api.keys.reader),
      role: "reader",
      source_ip: "127.0.0.1",
      request_id: view.headers.get("request-id"),
      action: "guests.retrieve",
      method: "GET",
      route: "/v1/guests/:id",
      status: 200,
      // The guest, the identifiers and the latest payments its view shows.
      objects: [
        { object: "guest", id: guest },
        { object: "email", id: "email:ann@example.com" },
        { object: "payment", id: "aud-2" },
        { object: "payment", id: "aud-1" },
      ],
      objects_truncated: false,
    });
    expect(retrieve.created).toBeGreaterThanOrEqual(started);
    expect(JSON.stringify(answer.json)).not.toContain(api.keys.reader);
    const walk = answer.json.data[0];
    expect(walk.key).toBe(keyId(api.keys.investigator));
    expect(walk.objects).toEqual(expect.arrayContaining([{ object: "email", id: "email:ann@example.com" }]));
  });

  it("when payments are ingested, then the event names the payments and the guest they went to", async () => {
    const answer = await events("?object=aud-2");

    const ingest = answer.json.data.find((event: { action: string }) => event.action === "payments.create");
    expect(ingest).toMatchObject({
      key: keyId(api.keys.ingest),
      role: "ingest",
      method: "POST",
      status: 200,
    });
    expect(ingest.objects).toEqual([
      { object: "payment", id: "aud-1" },
      { object: "guest", id: guest },
      { object: "payment", id: "aud-2" },
    ]);
  });

  it("when a look is refused (a role not allowed, a guest not there), then the attempt is recorded with its status and target", async () => {
    const forbidden = await api.get(`/v1/guests/${guest}`, { key: "ingest" });
    const missing = await api.get("/v1/guests/gst_notthere", { key: "reader" });

    const refused = await events(`?object=${guest}&key=${keyId(api.keys.ingest)}`);
    const notThere = await events("?object=gst_notthere");

    expect(forbidden.status).toBe(403);
    expect(missing.status).toBe(404);
    expect(refused.json.data).toHaveLength(2);
    expect(refused.json.data[0]).toMatchObject({
      action: "guests.retrieve",
      status: 403,
      objects: [{ object: "guest", id: guest }],
    });
    expect(notThere.json.data.map((event: { status: number }) => event.status)).toEqual([404]);
  });

  it("when a route is added with routes.add by anyone, then it is audited with an action and objects of its own", async () => {
    await api.get("/v1/test_rings/ring_42", { key: "investigator" });

    const answer = await events("?object=gst_member1");

    expect(answer.json.data).toHaveLength(1);
    expect(answer.json.data[0]).toMatchObject({
      action: "test_rings.retrieve",
      route: "/v1/test_rings/:id",
      objects: [
        { object: "test_ring", id: "ring_42" },
        { object: "guest", id: "gst_member1" },
      ],
    });
  });
});

describe("webhooks", () => {
  it("when Stripe delivers a signed event, then it is an ingest by stripe_webhook naming the payment; a forged one is recorded as refused", async () => {
    const charge = JSON.parse(readFileSync("test/fixtures/stripe/charge-guest-succeeded.json", "utf8"));
    const payload = JSON.stringify({
      id: "evt_audit1",
      object: "event",
      api_version: "2024-06-20",
      created: 1_700_000_500,
      livemode: false,
      pending_webhooks: 1,
      type: "charge.succeeded",
      data: { object: { ...charge, id: "ch_audit_webhook1" } },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    const delivered = await api.call("POST", "/v1/webhooks/stripe", {
      key: null,
      rawBody: payload,
      headers: { "Stripe-Signature": signature },
    });
    const forged = await api.call("POST", "/v1/webhooks/stripe", {
      key: null,
      rawBody: payload,
      headers: { "Stripe-Signature": "t=1,v1=00" },
    });

    const byPayment = await events("?object=ch_audit_webhook1");
    const byWebhookKey = await events("?key=stripe_webhook");

    expect(delivered.status).toBe(200);
    expect(forged.status).toBe(400);
    expect(byPayment.json.data).toHaveLength(1);
    expect(byPayment.json.data[0]).toMatchObject({
      key: "stripe_webhook",
      role: "webhook",
      action: "webhooks.stripe.create",
      route: "/v1/webhooks/stripe",
      status: 200,
      objects: [
        { object: "payment", id: "ch_audit_webhook1" },
        { object: "event", id: "evt_audit1" },
      ],
    });
    expect(byWebhookKey.json.data.map((event: { status: number }) => event.status)).toEqual([400, 200]);
  });
});

describe("GET /v1/audit_events", () => {
  it("when filtered by key and paged with starting_after and ending_before, then pages follow each other newest first without gaps", async () => {
    const reader = keyId(api.keys.reader);
    const all = await events(`?key=${reader}&limit=100`);
    const first = await events(`?key=${reader}&limit=2`);
    const second = await events(`?key=${reader}&limit=2&starting_after=${first.json.data[1].id}`);
    const back = await events(`?key=${reader}&limit=2&ending_before=${second.json.data[0].id}`);

    const ids = all.json.data.map((event: { id: string }) => event.id);
    expect(all.json.data.every((event: { key: string }) => event.key === reader)).toBe(true);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(first.json.has_more).toBe(true);
    expect([...first.json.data, ...second.json.data].map((event: { id: string }) => event.id)).toEqual(
      ids.slice(0, 4),
    );
    expect(back.json.data.map((event: { id: string }) => event.id)).toEqual(ids.slice(0, 2));
  });

  it("when filtered by created, then only events of that time are listed", async () => {
    const now = Math.floor(Date.now() / 1000);

    const future = await events(`?created[gte]=${now + 3600}`);
    const recent = await events(`?created[gte]=${now - 3600}&created[lte]=${now + 5}&limit=3`);
    const past = await events("?created[lt]=1000000000");

    expect(future.json.data).toEqual([]);
    expect(recent.json.data).toHaveLength(3);
    expect(past.json.data).toEqual([]);
  });

  it("when a non-admin key, a bad filter or another account is used, then 403, 400 naming the parameter, and nothing of this account", async () => {
    await trail.flush();
    const asReader = await api.get("/v1/audit_events", { key: "reader" });
    const badKey = await api.get(`/v1/audit_events?key=${api.keys.reader}`);
    const badCreated = await api.get("/v1/audit_events?created[gte]=yesterday");
    const unknownCursor = await api.get("/v1/audit_events?starting_after=ae_nothing");
    const other = await events(`?object=${guest}`, otherAccount);

    expect(asReader.status).toBe(403);
    expect(errorOf(badKey)).toMatchObject({ code: "parameter_invalid", param: "key" });
    expect(errorOf(badKey).message).not.toContain(api.keys.reader);
    expect(errorOf(badCreated)).toMatchObject({ param: "created[gte]" });
    expect(errorOf(unknownCursor)).toMatchObject({ code: "resource_missing", param: "starting_after" });
    expect(other.json.data).toEqual([]);
  });
});

describe("retention", () => {
  it("when events are older than the retention period, then the next write of their account deletes them and keeps the others", async () => {
    const retentionAccount = uniqueAccount();
    const shortTrail = new AuditTrail(db, logger, { retentionDays: 7, flushMs: 10 });
    const event = (id: string, daysAgo: number) => ({
      id,
      account: retentionAccount,
      createdMs: Date.now() - daysAgo * 24 * 3600 * 1000,
      keyId: "key_0123456789",
      role: "admin",
      sourceIp: null,
      requestId: null,
      action: "guests.list",
      method: "GET",
      route: "/v1/guests",
      status: 200,
      objects: [],
      objectsTruncated: false,
    });
    try {
      shortTrail.record(event("ae_old", 8));
      shortTrail.record(event("ae_new", 1));
      await shortTrail.flush();
      await sleep(50);

      const rows = await db.read<{ id: string }>(
        "MATCH (e:AuditEvent) WHERE e.account = $account RETURN e.id AS id",
        {
          account: retentionAccount,
        },
      );

      expect(rows.map((row) => row.id)).toEqual(["ae_new"]);
    } finally {
      await shortTrail.close();
      await db.write("MATCH (e:AuditEvent) WHERE e.account = $account DELETE e", {
        account: retentionAccount,
      });
    }
  });
});
