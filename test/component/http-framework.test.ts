import { createHash, randomBytes } from "node:crypto";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "../../src/graph/database.ts";
import { apiRoutes } from "../../src/http/api-routes.ts";
import { resourceMissing } from "../../src/http/errors.ts";
import { hashRequest } from "../../src/http/idempotency.ts";
import {
  listObject,
  listObjectSchema,
  listQuerySchema,
  listUrl,
  type PageRequest,
} from "../../src/http/pagination.ts";
import { apiUnderTest, errorOf, randomKey } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * The HTTP framework driven through real HTTP: a small router defined here (TestThing objects in Neo4j,
 * listed with the pagination helper and written behind Idempotency-Key) stands in for the endpoints to come.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount(); // the default account of this app
const otherAccount = uniqueAccount();
const accountsUsed = [account, otherAccount];

// What the handlers under test do, controlled by the tests.
let writesHeldBy: Promise<void> | null = null;
let writeStarted: () => void = () => {};
const failOnce = new Set<string>();
const writeAttempts = new Map<string, number>();

// ---- A TestThing repository: account-scoped, parameterised Cypher (test-only, so kept here rather than in cypher/). ----

interface Thing {
  id: string;
  object: "test_thing";
  name: string;
  seq: number;
}

const thingFields = "t.id AS id, 'test_thing' AS object, t.name AS name, t.seq AS seq";

async function createThing(thingAccount: string, name: string): Promise<Thing> {
  const [row] = await db.write<Thing>(
    `MATCH (other:TestThing {account: $account}) WITH coalesce(max(other.seq), 0) + 1 AS seq
     CREATE (t:TestThing {account: $account, id: 'thing_' + toString(seq) + '_' + $suffix, name: $name, seq: seq})
     RETURN ${thingFields}`,
    { account: thingAccount, name, suffix: randomBytes(4).toString("hex") },
  );
  if (!row) throw new Error("no thing created");
  return row;
}

/** Newest (highest seq) first; a cursor is looked up in the account, so a foreign or unknown id answers null. */
async function listThings(thingAccount: string, page: PageRequest): Promise<Thing[] | null> {
  let cursorSeq: number | null = null;
  if (page.cursor) {
    const [cursor] = await db.read<{ seq: number }>(
      "MATCH (c:TestThing {account: $account, id: $id}) RETURN c.seq AS seq",
      {
        account: thingAccount,
        id: page.cursor.id,
      },
    );
    if (!cursor) return null;
    cursorSeq = cursor.seq;
  }
  const walkBack = page.cursor?.direction === "before";
  return db.read<Thing>(
    `MATCH (t:TestThing {account: $account})
     WHERE $cursorSeq IS NULL OR (${walkBack ? "t.seq > $cursorSeq" : "t.seq < $cursorSeq"})
     RETURN ${thingFields} ORDER BY t.seq ${walkBack ? "ASC" : "DESC"} LIMIT $take`,
    { account: thingAccount, cursorSeq, take: neo4j.int(page.take) },
  );
}

async function countThings(thingAccount: string, name?: string): Promise<number> {
  const [row] = await db.read<{ count: number }>(
    "MATCH (t:TestThing {account: $account}) WHERE $name IS NULL OR t.name = $name RETURN count(t) AS count",
    { account: thingAccount, name: name ?? null },
  );
  return row?.count ?? 0;
}

// ---- The router under test ----

const thing = z
  .object({ id: z.string(), object: z.literal("test_thing"), name: z.string(), seq: z.number().int() })
  .meta({ id: "TestThing" });

const routes = apiRoutes();
routes.add(
  {
    method: "get",
    path: "/test_things",
    role: "reader",
    summary: "List test things",
    query: listQuerySchema({ seq: z.strictObject({ gte: z.coerce.number().int().optional() }).optional() }),
    response: listObjectSchema(thing),
  },
  async ({ query, context, req }) =>
    listObject(listUrl(req), query, (page) => listThings(context.account, page)),
);
routes.add(
  {
    method: "get",
    path: "/test_things/:id",
    role: "reader",
    summary: "Retrieve a test thing",
    params: z.object({ id: z.string() }),
    response: thing,
  },
  async ({ params, context }) => {
    const [found] = await db.read<Thing>(
      `MATCH (t:TestThing {account: $account, id: $id}) RETURN ${thingFields}`,
      {
        account: context.account,
        id: params.id,
      },
    );
    if (!found) throw resourceMissing(`No such test_thing: '${params.id}'`, "id");
    return found;
  },
);
routes.add(
  {
    method: "post",
    path: "/test_things",
    role: "ingest",
    summary: "Create a test thing",
    body: z.strictObject({
      name: z.string().min(1),
      tags: z.array(z.strictObject({ label: z.string() })).optional(),
    }),
    response: thing,
    status: 201,
  },
  async ({ body, context }) => {
    writeAttempts.set(body.name, (writeAttempts.get(body.name) ?? 0) + 1);
    writeStarted();
    if (writesHeldBy) await writesHeldBy;
    if (failOnce.delete(body.name))
      throw new Error(`database on fire while writing ${body.name} for alice@example.com`);
    return createThing(context.account, body.name);
  },
);
routes.add(
  {
    method: "get",
    path: "/test_things/:id/links",
    role: "investigator",
    summary: "Link analysis of a test thing",
    params: z.object({ id: z.string() }),
    response: z.object({ object: z.literal("links"), thing: z.string() }),
  },
  async ({ params }) => ({ object: "links" as const, thing: params.id }),
);

// ---- The app, on a free port, with its log lines captured ----

const logLines: string[] = [];
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: {
    admin: "any account",
    reader: [account],
    investigator: "any account",
    ingest: [account, otherAccount],
  },
  defaultKey: "admin",
  routes: [routes],
  logLines,
});

beforeAll(() => api.start());

afterAll(async () => {
  await api.stop();
  await db.write(
    "MATCH (n) WHERE (n:TestThing OR n:IdempotencyKey) AND n.account IN $accounts DETACH DELETE n",
    {
      accounts: [...accountsUsed],
    },
  );
  await db.close();
});

/** A fresh account with `count` things (seq 1..count), listed newest first as seq count..1. */
async function accountWithThings(count: number): Promise<{ account: string; things: Thing[] }> {
  const fresh = uniqueAccount();
  accountsUsed.push(fresh);
  const things: Thing[] = [];
  for (let i = 0; i < count; i++) things.push(await createThing(fresh, `thing ${i + 1}`));
  return { account: fresh, things: things.reverse() };
}

// ---- Tests ----

describe("authentication and roles", () => {
  it("when no API key is sent, then 401 authentication_error api_key_missing with a Bearer challenge", async () => {
    const answer = await api.call("GET", "/v1/test_things", { key: null });

    expect(answer.status).toBe(401);
    expect(errorOf(answer)).toMatchObject({
      type: "authentication_error",
      code: "api_key_missing",
      param: null,
    });
    expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="GuestGraph"');
  });

  it("when an unknown API key is sent, then 401 api_key_invalid", async () => {
    const answer = await api.call("GET", "/v1/test_things", {
      authorization: `Bearer ${randomKey("guess")}`,
    });

    expect(answer.status).toBe(401);
    expect(errorOf(answer)).toMatchObject({ type: "authentication_error", code: "api_key_invalid" });
  });

  it("when the key is sent as Basic auth user name, as curl -u key: does, then it is accepted", async () => {
    const basic = Buffer.from(`${api.keys.reader}:`).toString("base64");

    const answer = await api.call("GET", "/v1/test_things", { authorization: `Basic ${basic}` });

    expect(answer.status).toBe(200);
  });

  it("when a reader key posts, then 403 permission_error and nothing is written", async () => {
    const answer = await api.call("POST", "/v1/test_things", {
      key: "reader",
      body: { name: "reader-post" },
    });

    expect(answer.status).toBe(403);
    expect(errorOf(answer)).toMatchObject({ type: "permission_error", code: "insufficient_permissions" });
    expect(errorOf(answer).message).toContain("(reader)");
    expect(await countThings(account, "reader-post")).toBe(0);
  });

  it("when a reader asks for link analysis, then 403; an investigator gets it and may read lists too", async () => {
    const reader = await api.call("GET", "/v1/test_things/x/links", { key: "reader" });
    const investigator = await api.call("GET", "/v1/test_things/x/links", { key: "investigator" });
    const investigatorList = await api.call("GET", "/v1/test_things", { key: "investigator" });

    expect(reader.status).toBe(403);
    expect(investigator.status).toBe(200);
    expect(investigator.json).toEqual({ object: "links", thing: "x" });
    expect(investigatorList.status).toBe(200);
  });

  it("when an ingest key reads a list, then 403: ingest only writes", async () => {
    const answer = await api.call("GET", "/v1/test_things", { key: "ingest" });

    expect(answer.status).toBe(403);
    expect(errorOf(answer).type).toBe("permission_error");
  });

  it("when the public endpoints are called without a key, then they answer", async () => {
    const answers = await Promise.all(
      ["/healthz", "/readyz", "/openapi.json", "/docs"].map((path) => api.call("GET", path, { key: null })),
    );

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
  });
});

describe("account scoping with Stripe-Account", () => {
  it("when no Stripe-Account is sent, then the configured default account is used", async () => {
    const created = await api.call("POST", "/v1/test_things", {
      key: "ingest",
      body: { name: "default-account" },
    });

    expect(created.status).toBe(201);
    expect(await countThings(account, "default-account")).toBe(1);
  });

  it("when an object of another account is asked for, then 404 resource_missing, as for an object that does not exist", async () => {
    const foreign = await createThing(otherAccount, "foreign");

    const fromOwnAccount = await api.call("GET", `/v1/test_things/${foreign.id}`, { account });
    const missing = await api.call("GET", "/v1/test_things/thing_nope", { account });
    const fromItsAccount = await api.call("GET", `/v1/test_things/${foreign.id}`, { account: otherAccount });

    expect(fromOwnAccount.status).toBe(404);
    expect(errorOf(fromOwnAccount)).toMatchObject({
      type: "invalid_request_error",
      code: "resource_missing",
      param: "id",
    });
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe(errorOf(fromOwnAccount).code);
    expect(fromItsAccount.json).toEqual(foreign);
  });

  it("when a key limited to one account names another in Stripe-Account, then 403 account_forbidden", async () => {
    const answer = await api.call("GET", "/v1/test_things", { key: "reader", account: otherAccount });

    expect(answer.status).toBe(403);
    expect(errorOf(answer)).toMatchObject({ type: "permission_error", code: "account_forbidden" });
  });

  it("when Stripe-Account is not an account id, then 400 account_invalid", async () => {
    const answer = await api.call("GET", "/v1/test_things", { account: "bank of nowhere" });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ type: "invalid_request_error", code: "account_invalid" });
  });
});

describe("client mistakes", () => {
  it("when the body is not valid JSON, then 400 json_invalid and nothing is written", async () => {
    const answer = await api.call("POST", "/v1/test_things", { rawBody: '{"name": "broken",' });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({
      type: "invalid_request_error",
      code: "json_invalid",
      param: null,
    });
    expect(await countThings(account, "broken")).toBe(0);
  });

  it("when a body field deep in a list has the wrong type, then 400 names it as data[i].field and nothing is written", async () => {
    const answer = await api.call("POST", "/v1/test_things", {
      body: { name: "typed", tags: [{ label: "ok" }, { label: 7 }] },
    });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_invalid",
      param: "tags[1].label",
    });
    expect(await countThings(account, "typed")).toBe(0);
  });

  it("when a required body field is missing or an unknown one is sent, then 400 names it", async () => {
    const missing = await api.call("POST", "/v1/test_things", { body: { tags: [] } });
    const unknown = await api.call("POST", "/v1/test_things", { body: { name: "x", colour: "red" } });
    const noBody = await api.call("POST", "/v1/test_things");

    expect(errorOf(missing)).toMatchObject({
      code: "parameter_missing",
      param: "name",
      message: "Missing required param: name.",
    });
    expect(errorOf(unknown)).toMatchObject({ code: "parameter_unknown", param: "colour" });
    expect(errorOf(noBody)).toMatchObject({ code: "parameter_missing", param: "name" });
    expect([missing.status, unknown.status, noBody.status]).toEqual([400, 400, 400]);
  });

  it("when an unknown query parameter is sent, then 400 names it, nested ones in bracket form", async () => {
    const unknown = await api.call("GET", "/v1/test_things?colour=red");
    const nestedUnknown = await api.call("GET", "/v1/test_things?seq[after]=3");
    const nestedWrong = await api.call("GET", "/v1/test_things?seq[gte]=soon");
    const onRetrieve = await api.call("GET", "/v1/test_things/some_id?expand=all");

    expect(errorOf(unknown)).toMatchObject({ code: "parameter_unknown", param: "colour" });
    expect(errorOf(nestedUnknown)).toMatchObject({ code: "parameter_unknown", param: "seq[after]" });
    expect(errorOf(nestedWrong)).toMatchObject({ code: "parameter_invalid", param: "seq[gte]" });
    expect(errorOf(onRetrieve)).toMatchObject({ code: "parameter_unknown", param: "expand" });
  });

  it.each(["0", "101", "ten", "-1"])("when limit is %s, then 400 names limit", async (limit) => {
    const answer = await api.call("GET", `/v1/test_things?limit=${limit}`);

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ type: "invalid_request_error", param: "limit" });
  });

  it("when both cursors are sent, then 400 parameters_exclusive", async () => {
    const answer = await api.call("GET", "/v1/test_things?starting_after=a&ending_before=b");

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameters_exclusive", param: "ending_before" });
  });

  it("when a cursor names no object, or an object of another account, then 400 naming the cursor parameter", async () => {
    const foreign = await createThing(otherAccount, "foreign cursor");

    const unknownAfter = await api.call("GET", "/v1/test_things?starting_after=thing_nope");
    const foreignBefore = await api.call("GET", `/v1/test_things?ending_before=${foreign.id}`, { account });

    expect(unknownAfter.status).toBe(400);
    expect(errorOf(unknownAfter)).toMatchObject({
      type: "invalid_request_error",
      code: "resource_missing",
      param: "starting_after",
    });
    expect(foreignBefore.status).toBe(400);
    expect(errorOf(foreignBefore)).toMatchObject({ code: "resource_missing", param: "ending_before" });
  });

  it("when the body is over 10 MB, then 413 body_too_large and nothing is written", async () => {
    const huge = JSON.stringify({ name: "huge", tags: [{ label: "x".repeat(11 * 1024 * 1024) }] });

    const answer = await api.call("POST", "/v1/test_things", { rawBody: huge });

    expect(answer.status).toBe(413);
    expect(errorOf(answer)).toMatchObject({ type: "invalid_request_error", code: "body_too_large" });
    expect(await countThings(account, "huge")).toBe(0);
  });

  it("when the body is not JSON by its content type, then 415 content_type_unsupported", async () => {
    const text = await api.call("POST", "/v1/test_things", {
      rawBody: "name=plain",
      contentType: "text/plain",
    });
    const form = await api.call("POST", "/v1/test_things", {
      rawBody: "name=form",
      contentType: "application/x-www-form-urlencoded",
    });

    expect([text.status, form.status]).toEqual([415, 415]);
    expect(errorOf(form)).toMatchObject({ type: "invalid_request_error", code: "content_type_unsupported" });
  });

  it("when a URL is unknown, then 404 resource_missing naming the method and path", async () => {
    const underApi = await api.call("GET", "/v1/nothing_here");
    const outside = await api.call("GET", "/nothing_here", { key: null });

    expect(underApi.status).toBe(404);
    expect(errorOf(underApi)).toMatchObject({ type: "invalid_request_error", code: "resource_missing" });
    expect(errorOf(underApi).message).toBe("Unrecognized request URL (GET: /v1/nothing_here).");
    expect(outside.status).toBe(404);
  });

  it("when a known URL is called with a method it does not take, then 405 with Allow", async () => {
    const answer = await api.call("DELETE", "/v1/test_things");

    expect(answer.status).toBe(405);
    expect(errorOf(answer).code).toBe("method_not_allowed");
    expect(answer.headers.get("allow")).toBe("GET, POST");
  });

  it("when a handler fails unexpectedly, then 500 api_error with a generic message, and the log keeps no message or data", async () => {
    failOnce.add("fails");
    logLines.length = 0;

    const answer = await api.call("POST", "/v1/test_things", { body: { name: "fails" } });

    expect(answer.status).toBe(500);
    expect(errorOf(answer)).toMatchObject({ type: "api_error", code: null, param: null });
    expect(answer.text).not.toContain("fire");
    const logged = logLines.join("\n");
    expect(logged).toContain('"msg":"unexpected error"');
    expect(logged).toContain('"route":"/v1/test_things"');
    expect(logged).not.toContain("fire");
    expect(logged).not.toContain("alice@example.com");
  });
});

describe("pagination", () => {
  it("when the list is empty, then an empty list object with has_more false and the path as url", async () => {
    const empty = await accountWithThings(0);

    const answer = await api.call("GET", "/v1/test_things", { account: empty.account });

    expect(answer.json).toEqual({ object: "list", data: [], has_more: false, url: "/v1/test_things" });
  });

  it("when the list fits exactly one page, then all of it, newest first, with has_more false", async () => {
    const { account: three, things } = await accountWithThings(3);

    const answer = await api.call("GET", "/v1/test_things?limit=3", { account: three });

    expect(answer.json.data).toEqual(things);
    expect(answer.json.has_more).toBe(false);
  });

  it("when no limit is given, then 10 objects and has_more", async () => {
    const { account: twelve, things } = await accountWithThings(12);

    const answer = await api.call("GET", "/v1/test_things", { account: twelve });

    expect(answer.json.data).toEqual(things.slice(0, 10));
    expect(answer.json.has_more).toBe(true);
  });

  it("when paging forward with starting_after, then each page follows the last, and the last says has_more false", async () => {
    const { account: five, things } = await accountWithThings(5);

    const first = await api.call("GET", "/v1/test_things?limit=2", { account: five });
    const second = await api.call("GET", `/v1/test_things?limit=2&starting_after=${first.json.data[1].id}`, {
      account: five,
    });
    const third = await api.call("GET", `/v1/test_things?limit=2&starting_after=${second.json.data[1].id}`, {
      account: five,
    });

    expect([first.json.data, second.json.data, third.json.data]).toEqual([
      things.slice(0, 2),
      things.slice(2, 4),
      things.slice(4),
    ]);
    expect([first.json.has_more, second.json.has_more, third.json.has_more]).toEqual([true, true, false]);
  });

  it("when paging back with ending_before, then the objects just before the cursor, still newest first", async () => {
    const { account: five, things } = await accountWithThings(5);
    const oldest = things[4] as Thing;

    const back = await api.call("GET", `/v1/test_things?limit=2&ending_before=${oldest.id}`, {
      account: five,
    });
    const backToStart = await api.call(
      "GET",
      `/v1/test_things?limit=2&ending_before=${back.json.data[0].id}`,
      { account: five },
    );

    expect(back.json.data).toEqual(things.slice(2, 4));
    expect(back.json.has_more).toBe(true);
    expect(backToStart.json.data).toEqual(things.slice(0, 2));
    expect(backToStart.json.has_more).toBe(false);
  });

  it("when the cursor is the last object, then an empty page with has_more false", async () => {
    const { account: two, things } = await accountWithThings(2);

    const answer = await api.call("GET", `/v1/test_things?starting_after=${things[1]?.id}`, { account: two });

    expect(answer.json).toEqual({ object: "list", data: [], has_more: false, url: "/v1/test_things" });
  });
});

describe("Idempotency-Key", () => {
  const idempotencyKey = () => `idem_${randomBytes(8).toString("hex")}`;

  it("when a POST is retried with the same key and body, then the first answer is replayed and written once", async () => {
    const key = idempotencyKey();
    const body = { name: "replayed", tags: [{ label: "a" }] };

    const first = await api.call("POST", "/v1/test_things", { body, idempotencyKey: key });
    const retry = await api.call("POST", "/v1/test_things", { body, idempotencyKey: key });

    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.json).toEqual(first.json);
    expect(await countThings(account, "replayed")).toBe(1);
    const [stored] = await db.read<{ status: number; body: string }>(
      "MATCH (k:IdempotencyKey {account: $account, key: $key}) RETURN k.status AS status, k.body AS body",
      { account, key },
    );
    expect(stored?.status).toBe(201);
    expect(JSON.parse(stored?.body ?? "null")).toEqual(first.json);
  });

  it("when the retry writes the same JSON with its fields in another order, then it is still a replay", async () => {
    const key = idempotencyKey();

    await api.call("POST", "/v1/test_things", {
      rawBody: '{"name":"reordered","tags":[{"label":"a"}]}',
      idempotencyKey: key,
    });
    const retry = await api.call("POST", "/v1/test_things", {
      rawBody: '{ "tags": [ {"label": "a"} ], "name": "reordered" }',
      idempotencyKey: key,
    });

    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await countThings(account, "reordered")).toBe(1);
  });

  it("when the same key comes with another body, then 400 idempotency_error and nothing more is written", async () => {
    const key = idempotencyKey();
    await api.call("POST", "/v1/test_things", { body: { name: "original" }, idempotencyKey: key });

    const other = await api.call("POST", "/v1/test_things", {
      body: { name: "different" },
      idempotencyKey: key,
    });

    expect(other.status).toBe(400);
    expect(errorOf(other)).toMatchObject({ type: "idempotency_error", code: "idempotency_key_mismatch" });
    expect(await countThings(account, "different")).toBe(0);
  });

  it("when the same key arrives while the first request still runs, then 409, and only the first writes", async () => {
    const key = idempotencyKey();
    let releaseWrites: () => void = () => {};
    writesHeldBy = new Promise((release) => {
      releaseWrites = release;
    });
    const started = new Promise<void>((resolve) => {
      writeStarted = resolve;
    });

    const first = api.call("POST", "/v1/test_things", { body: { name: "concurrent" }, idempotencyKey: key });
    await started;
    const second = await api.call("POST", "/v1/test_things", {
      body: { name: "concurrent" },
      idempotencyKey: key,
    });
    writesHeldBy = null;
    writeStarted = () => {};
    releaseWrites();
    const firstAnswer = await first;
    const third = await api.call("POST", "/v1/test_things", {
      body: { name: "concurrent" },
      idempotencyKey: key,
    });

    expect(second.status).toBe(409);
    expect(errorOf(second)).toMatchObject({ type: "idempotency_error", code: "idempotency_key_in_use" });
    expect(firstAnswer.status).toBe(201);
    expect(third.headers.get("idempotent-replayed")).toBe("true");
    expect(third.json).toEqual(firstAnswer.json);
    expect(writeAttempts.get("concurrent")).toBe(1);
    expect(await countThings(account, "concurrent")).toBe(1);
  });

  it("when the first request failed with a 500, then a retry with the same key runs again", async () => {
    const key = idempotencyKey();
    failOnce.add("flaky");

    const failed = await api.call("POST", "/v1/test_things", {
      body: { name: "flaky" },
      idempotencyKey: key,
    });
    const retry = await api.call("POST", "/v1/test_things", { body: { name: "flaky" }, idempotencyKey: key });

    expect(failed.status).toBe(500);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(writeAttempts.get("flaky")).toBe(2);
    expect(await countThings(account, "flaky")).toBe(1);
  });

  it("when the first request was refused as invalid, then the same key can carry the corrected request", async () => {
    const key = idempotencyKey();

    const refused = await api.call("POST", "/v1/test_things", { body: { name: "" }, idempotencyKey: key });
    const corrected = await api.call("POST", "/v1/test_things", {
      body: { name: "corrected" },
      idempotencyKey: key,
    });

    expect(refused.status).toBe(400);
    expect(corrected.status).toBe(201);
    expect(await countThings(account, "corrected")).toBe(1);
  });

  it("when two accounts use the same key, then each gets its own answer", async () => {
    const key = idempotencyKey();

    const here = await api.call("POST", "/v1/test_things", {
      key: "ingest",
      body: { name: "shared key" },
      idempotencyKey: key,
    });
    const there = await api.call("POST", "/v1/test_things", {
      key: "ingest",
      account: otherAccount,
      body: { name: "shared key" },
      idempotencyKey: key,
    });

    expect(there.headers.get("idempotent-replayed")).toBeNull();
    expect(there.json.id).not.toBe(here.json.id);
    expect(await countThings(account, "shared key")).toBe(1);
    expect(await countThings(otherAccount, "shared key")).toBe(1);
  });

  it("when a key is older than 24 hours, then it is forgotten and the request runs afresh", async () => {
    const key = idempotencyKey();
    await api.call("POST", "/v1/test_things", { body: { name: "before expiry" }, idempotencyKey: key });
    await db.write(
      "MATCH (k:IdempotencyKey {account: $account, key: $key}) SET k.createdAt = datetime() - duration({hours: 25})",
      { account, key },
    );

    const later = await api.call("POST", "/v1/test_things", {
      body: { name: "after expiry" },
      idempotencyKey: key,
    });

    expect(later.status).toBe(201);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(await countThings(account, "after expiry")).toBe(1);
  });

  it("when a key's record holds an unkeyed SHA-256 stored before requests were hashed with a key, then a retry of the same request still replays and another request is refused", async () => {
    const key = idempotencyKey();
    const first = await api.call("POST", "/v1/test_things", {
      body: { name: "legacy" },
      idempotencyKey: key,
    });
    const [stored] = await db.read<{ requestHash: string }>(
      "MATCH (k:IdempotencyKey {account: $account, key: $key}) RETURN k.requestHash AS requestHash",
      { account, key },
    );
    const unkeyed = await hashRequest(
      { method: "POST", originalUrl: "/v1/test_things", query: {}, body: { name: "legacy" } },
      createHash("sha256"),
    );
    await db.write("MATCH (k:IdempotencyKey {account: $account, key: $key}) SET k.requestHash = $unkeyed", {
      account,
      key,
      unkeyed,
    });

    const retry = await api.call("POST", "/v1/test_things", {
      body: { name: "legacy" },
      idempotencyKey: key,
    });
    const other = await api.call("POST", "/v1/test_things", { body: { name: "other" }, idempotencyKey: key });

    expect(stored?.requestHash).toMatch(/^hmac:[0-9a-f]{64}$/);
    expect(stored?.requestHash).not.toBe(`hmac:${unkeyed}`);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.json).toEqual(first.json);
    expect(errorOf(other)).toMatchObject({ type: "idempotency_error", code: "idempotency_key_mismatch" });
    expect(await countThings(account, "legacy")).toBe(1);
  });

  it("when a POST stores its answer, then the account's keys older than 24 hours are cleaned up", async () => {
    const { account: fresh } = await accountWithThings(0);
    await db.write(
      "CREATE (:IdempotencyKey {account: $account, key: 'stale', requestHash: 'x', status: 201, body: '{}', createdAt: datetime() - duration({hours: 30})})",
      { account: fresh },
    );
    const countStale = async () =>
      (
        await db.read<{ count: number }>(
          "MATCH (k:IdempotencyKey {account: $account, key: 'stale'}) RETURN count(k) AS count",
          { account: fresh },
        )
      )[0]?.count;

    const answer = await api.call("POST", "/v1/test_things", {
      account: fresh,
      body: { name: "cleaner" },
      idempotencyKey: idempotencyKey(),
    });

    expect(answer.status).toBe(201);
    await expect.poll(countStale, { timeout: 10_000 }).toBe(0);
  });

  it("when the key is longer than 255 characters, then 400 idempotency_key_invalid and nothing is written", async () => {
    const answer = await api.call("POST", "/v1/test_things", {
      body: { name: "long key" },
      idempotencyKey: "k".repeat(256),
    });

    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe("idempotency_key_invalid");
    expect(await countThings(account, "long key")).toBe(0);
  });
});

describe("the OpenAPI document and the docs", () => {
  it("when /openapi.json is fetched, then it is an OpenAPI 3.1 document of the routes, headers and errors", async () => {
    const answer = await api.call("GET", "/openapi.json", { key: null });
    const document = answer.json;

    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths["/v1/test_things"]).sort()).toEqual(["get", "post"]);
    expect(document.paths["/v1/test_things/{id}"].get).toBeDefined();
    expect(document.paths["/healthz"].get.security).toEqual([]);
    expect(document.components.securitySchemes.bearerAuth).toEqual(
      expect.objectContaining({ type: "http", scheme: "bearer" }),
    );
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components.parameters.StripeAccount).toMatchObject({
      in: "header",
      name: "Stripe-Account",
    });
    expect(document.components.parameters.IdempotencyKey).toMatchObject({
      in: "header",
      name: "Idempotency-Key",
    });
    expect(document.components.schemas.Error.properties.error).toBeDefined();
    const listParams = document.paths["/v1/test_things"].get.parameters.map(
      (parameter: { name?: string; $ref?: string }) => parameter.name ?? parameter.$ref,
    );
    expect(listParams).toEqual(
      expect.arrayContaining([
        "limit",
        "starting_after",
        "ending_before",
        "#/components/parameters/StripeAccount",
      ]),
    );
    const seqParam = document.paths["/v1/test_things"].get.parameters.find(
      (parameter: { name?: string }) => parameter.name === "seq",
    );
    expect(seqParam).toMatchObject({ in: "query", style: "deepObject", explode: true });
    const postParams = document.paths["/v1/test_things"].post.parameters.map(
      (parameter: { $ref?: string }) => parameter.$ref,
    );
    expect(postParams).toContain("#/components/parameters/IdempotencyKey");
    expect(document.paths["/v1/test_things"].post.responses["201"]).toBeDefined();
  });

  it("when the document's references are followed, then each one points at a component that exists", async () => {
    const document = (await api.call("GET", "/openapi.json", { key: null })).json;
    const refs = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === "object") {
        for (const [key, inner] of Object.entries(value)) {
          if (key === "$ref" && typeof inner === "string") refs.add(inner);
          else collect(inner);
        }
      }
    };
    collect(document);

    expect(refs.size).toBeGreaterThan(5);
    for (const ref of refs) {
      const target = ref
        .replace(/^#\//, "")
        .split("/")
        .reduce<unknown>(
          (node, segment) => (node as Record<string, unknown> | undefined)?.[segment],
          document,
        );
      expect(target, ref).toBeDefined();
    }
  });

  it("when /docs is opened, then an HTML page loads Swagger UI from this server, not a CDN", async () => {
    const page = await api.call("GET", "/docs", { key: null });
    const bundle = await api.call("GET", "/docs/swagger-ui-bundle.js", { key: null });
    const start = await api.call("GET", "/docs/start.js", { key: null });

    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.text).toContain('<div id="swagger-ui">');
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(bundle.status).toBe(200);
    expect(bundle.text).toContain("SwaggerUIBundle");
    expect(start.text).toContain('url: "/openapi.json"');
  });
});

describe("request logs", () => {
  it("when requests are served, then each log line has method, route, status and key id, never the key, query or body", async () => {
    logLines.length = 0;
    const secretName = "secret-name-bob@example.com";

    await api.call("GET", `/v1/test_things?limit=1&starting_after=${secretName}`, { key: "reader" });
    await api.call("POST", "/v1/test_things", { key: "ingest", body: { name: secretName } });
    await api.call("GET", "/v1/test_things", { authorization: `Bearer ${api.keys.admin}x` });

    const records = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record.msg === "request");
    expect(records.map(({ method, route, status }) => ({ method, route, status }))).toEqual([
      { method: "GET", route: "/v1/test_things", status: 400 },
      { method: "POST", route: "/v1/test_things", status: 201 },
      { method: "GET", route: null, status: 401 },
    ]);
    expect(records[0]?.keyId).toMatch(/^key_[0-9a-f]{10}$/);
    expect(records[1]?.keyId).toMatch(/^key_[0-9a-f]{10}$/);
    expect(records[0]?.keyId).not.toBe(records[1]?.keyId);
    const logged = logLines.join("\n");
    for (const secret of [...Object.values(api.keys), secretName, "starting_after", "limit=1"])
      expect(logged).not.toContain(secret);
  });
});
