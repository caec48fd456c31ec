import { readFileSync } from "node:fs";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { type Answer, apiUnderTest, errorOf } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * POST /v1/webhooks/stripe as Stripe calls it: signed raw bodies, no API key, redeliveries and events
 * out of order, disputes and refunds that only name their charge, Connect accounts.
 */

const oldSecret = "whsec_oldOldOldOldOldOldOldOld0001";
const newSecret = "whsec_newNewNewNewNewNewNewNew0002";
const charge = JSON.parse(
  readFileSync(new URL("../fixtures/stripe/charge-guest-succeeded.json", import.meta.url), "utf8"),
) as Record<string, unknown> & {
  billing_details: Record<string, unknown>;
  payment_method_details: { card: Record<string, unknown> };
};

const db: Database = openTestDatabase();
const account = uniqueAccount();
const connected = `acct_connected${account.slice(9)}`;
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { admin: "any account" },
  defaultKey: "admin",
  env: { STRIPE_WEBHOOK_SECRET: `${newSecret}, ${oldSecret}` },
});

let sequence = 0;
/** A charge of its own (own id, email and card), so that tests do not meet in one guest. */
function chargeOf(fields: Record<string, unknown> = {}): Record<string, unknown> {
  sequence++;
  return {
    ...charge,
    id: `ch_webhook${sequence}x${Date.now()}`,
    billing_details: { ...charge.billing_details, email: `buyer${sequence}@webhooks.example`, phone: null },
    description: null,
    payment_method_details: {
      card: { ...charge.payment_method_details.card, fingerprint: `fpWebhook${sequence}x${Date.now()}` },
    },
    ...fields,
  };
}

function event(type: string, object: Record<string, unknown>, fields: Record<string, unknown> = {}) {
  sequence++;
  return {
    id: `evt_${sequence}x${Date.now()}`,
    object: "event",
    api_version: "2024-06-20",
    created: 1_700_000_000 + sequence,
    livemode: false,
    pending_webhooks: 1,
    type,
    data: { object },
    ...fields,
  };
}

function deliver(
  body: unknown,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Promise<Answer> {
  const payload = JSON.stringify(body);
  const signature =
    options.signature === undefined
      ? Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: options.secret ?? newSecret,
          ...(options.timestamp ? { timestamp: options.timestamp } : {}),
        })
      : options.signature;
  return api.call("POST", "/v1/webhooks/stripe", {
    key: null,
    rawBody: payload,
    headers: signature === null ? {} : { "Stripe-Signature": signature },
  });
}

const payment = (id: string, onAccount = account) => api.get(`/v1/payments/${id}`, { account: onAccount });

beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe("POST /v1/webhooks/stripe: who may deliver", () => {
  it("when Stripe delivers a signed charge.succeeded without any API key, then the payment is stored before the answer", async () => {
    const paid = chargeOf();

    const answer = await deliver(event("charge.succeeded", paid));
    const stored = await payment(paid.id as string);

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      object: "webhook_receipt",
      received: true,
      outcome: "created",
      payment: paid.id,
      account,
    });
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({ id: paid.id, status: "succeeded", amount: 1099 });
  });

  it("when the body was signed with the secret being rotated out, then it is accepted too", async () => {
    const paid = chargeOf();

    const answer = await deliver(event("charge.succeeded", paid), { secret: oldSecret });

    expect(answer.status).toBe(200);
    expect((await payment(paid.id as string)).status).toBe(200);
  });

  it.each([
    ["no Stripe-Signature", { signature: null }, "webhook_signature_missing"],
    [
      "a signature made with another secret",
      { secret: "whsec_someoneElsesSecret0000000003" },
      "webhook_signature_invalid",
    ],
    ["a garbled signature", { signature: "t=1700000000,v1=deadbeef" }, "webhook_signature_invalid"],
    [
      "a signature older than five minutes",
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
      "webhook_signature_expired",
    ],
  ] as const)(
    "when a delivery has %s, then it is refused with 400 naming Stripe-Signature and nothing is written",
    async (_, options, code) => {
      const paid = chargeOf();

      const answer = await deliver(event("charge.succeeded", paid), options);

      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({
        type: "invalid_request_error",
        code,
        param: "Stripe-Signature",
      });
      expect((await payment(paid.id as string)).status).toBe(404);
    },
  );

  it("when the signed body is changed on the way, then it is refused and nothing is written", async () => {
    const paid = chargeOf();
    const payload = JSON.stringify(event("charge.succeeded", paid));
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: newSecret });

    const answer = await api.call("POST", "/v1/webhooks/stripe", {
      key: null,
      rawBody: payload.replace('"amount":1099', '"amount":1'),
      headers: { "Stripe-Signature": signature },
    });

    expect(errorOf(answer).code).toBe("webhook_signature_invalid");
    expect((await payment(paid.id as string)).status).toBe(404);
  });
});

describe("POST /v1/webhooks/stripe: what it takes", () => {
  it("when an event type GuestGraph does not take arrives, then it answers 200 and writes nothing", async () => {
    const answer = await deliver(event("customer.created", { id: "cus_webhookIgnored", object: "customer" }));

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ outcome: "skipped", payment: null });
  });

  it("when the same event is delivered again, then the second answer says so and the payment is as after the first", async () => {
    const paid = chargeOf();
    const delivery = event("charge.succeeded", paid);

    const first = await deliver(delivery);
    const before = await payment(paid.id as string);
    const again = await deliver(delivery);
    const after = await payment(paid.id as string);

    expect(first.json.outcome).toBe("created");
    expect(again.json.outcome).toBe("duplicate");
    expect(after.json).toEqual(before.json);
  });

  it("when a charge's lifecycle events arrive in every possible order, then every order ends in the same stored payment", async () => {
    const orders = permutations([0, 1, 2, 3, 4]);
    const stored = await Promise.all(
      // Each group in a connected account of its own, so that the groups' writers do not queue for one lock.
      chunks(orders, 8).map(async (group, number) => {
        const groupAccount = `${connected}g${number}`;
        const results: unknown[] = [];
        for (const order of group) {
          const base = chargeOf({
            status: "pending",
            paid: false,
            captured: false,
            amount_captured: 0,
            outcome: null,
          });
          const id = base.id as string;
          const inGroup = { account: groupAccount };
          const lifecycle = [
            event("charge.pending", base, inGroup),
            event(
              "charge.succeeded",
              { ...base, status: "succeeded", paid: true, captured: true, outcome: charge.outcome },
              inGroup,
            ),
            event(
              "charge.refunded",
              { ...base, status: "succeeded", outcome: charge.outcome, amount_refunded: 400 },
              inGroup,
            ),
            event("charge.dispute.created", dispute(id, "needs_response"), inGroup),
            event("charge.dispute.closed", dispute(id, "lost"), inGroup),
          ];
          for (const index of order) expect((await deliver(lifecycle[index])).status).toBe(200);
          results.push(comparable((await payment(id, groupAccount)).json));
        }
        return results;
      }),
    );

    const all = stored.flat();
    expect(all).toHaveLength(120);
    expect(all.filter((result) => JSON.stringify(result) !== JSON.stringify(all[0]))).toEqual([]);
    expect(all[0]).toMatchObject({
      status: "succeeded",
      amount_refunded: 400,
      dispute: { status: "lost", reason: "fraudulent" },
    });
  }, 180_000);

  it("when a burst of deliveries arrives at once, redeliveries among them, then every one is answered after it is stored, each payment once", async () => {
    const burst = Array.from({ length: 30 }, () => event("charge.succeeded", chargeOf()));
    const deliveries = [...burst, ...burst.slice(0, 10)];

    const answers = await Promise.all(deliveries.map((delivery) => deliver(delivery)));
    const stored = await Promise.all(burst.map((delivery) => payment(delivery.data.object.id as string)));

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.filter((answer) => answer.json.outcome === "created")).toHaveLength(30);
    expect(answers.filter((answer) => answer.json.outcome === "duplicate")).toHaveLength(10);
    expect(stored.every((answer) => answer.status === 200)).toBe(true);
  });

  it("when a dispute event arrives for a stored charge, then the charge's dispute fields and its guest change, fetching nothing", async () => {
    const paid = chargeOf();
    await deliver(event("charge.succeeded", paid));

    const answer = await deliver(
      event("charge.dispute.created", dispute(paid.id as string, "warning_needs_response")),
    );
    const stored = await payment(paid.id as string);
    const guest = await api.get(`/v1/guests/${stored.json.guest}`);

    expect(answer.json).toMatchObject({ outcome: "updated", payment: paid.id });
    expect(stored.json.dispute).toMatchObject({ status: "warning_needs_response", reason: "fraudulent" });
    expect(guest.json.has_dispute).toBe(true);
  });

  it("when a dispute event arrives before its charge, then it is kept and applied when the charge arrives", async () => {
    const paid = chargeOf();

    const early = await deliver(
      event("charge.dispute.created", dispute(paid.id as string, "needs_response")),
    );
    const missing = await payment(paid.id as string);
    await deliver(event("charge.succeeded", paid));
    const stored = await payment(paid.id as string);

    expect(early.json).toMatchObject({ outcome: "deferred", payment: paid.id });
    expect(missing.status).toBe(404);
    expect(stored.json.dispute).toMatchObject({ status: "needs_response", reason: "fraudulent" });
  });

  it("when a dispute arrives before a charge that comes through POST /v1/payments instead, then it is applied all the same", async () => {
    const paid = chargeOf();

    await deliver(event("charge.dispute.created", dispute(paid.id as string, "under_review")));
    await api.call("POST", "/v1/payments", { body: paid });

    expect((await payment(paid.id as string)).json.dispute).toMatchObject({ status: "under_review" });
  });

  it("when a Connect event names a connected account, then the payment lands in that account and not in the default one", async () => {
    const paid = chargeOf();

    const answer = await deliver(event("charge.succeeded", paid, { account: connected }));

    expect(answer.json).toMatchObject({ outcome: "created", account: connected });
    expect((await payment(paid.id as string, connected)).status).toBe(200);
    expect((await payment(paid.id as string, account)).status).toBe(404);
  });

  it("when payment_intent events arrive, then an expanded charge is stored, and a charge only named moves the status of the stored charge", async () => {
    const first = chargeOf({ status: "pending", paid: false });
    const second = chargeOf({ payment_intent: "pi_webhookExpanded" });
    await deliver(event("charge.pending", first));

    const named = await deliver(
      event("payment_intent.succeeded", {
        id: "pi_webhookNamed",
        object: "payment_intent",
        amount: 1099,
        created: 1_700_000_000,
        currency: "gbp",
        livemode: false,
        status: "succeeded",
        latest_charge: first.id,
      }),
    );
    const expanded = await deliver(
      event("payment_intent.succeeded", {
        id: "pi_webhookExpanded",
        object: "payment_intent",
        amount: 1099,
        created: 1_700_000_000,
        currency: "gbp",
        livemode: false,
        status: "succeeded",
        latest_charge: second,
      }),
    );

    expect(named.json).toMatchObject({ outcome: "updated", payment: first.id });
    expect((await payment(first.id as string)).json.status).toBe("succeeded");
    expect(expanded.json).toMatchObject({ outcome: "created", payment: second.id });
  });

  it("when a signed event carries a charge with a card number in it, then the charge is stored with the number masked and the answer names the field", async () => {
    const paid = chargeOf({ metadata: { note: "4000 0566 5566 5556" } });

    const answer = await deliver(event("charge.succeeded", paid));
    const stored = await payment(paid.id as string);

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ outcome: "created", redacted: ["data.object.metadata.note"] });
    expect(answer.text).not.toContain("0566");
    expect(stored.text).not.toContain("0566");
  });
});

function dispute(chargeId: string, status: string) {
  return {
    id: `dp_${chargeId.slice(3)}`,
    object: "dispute",
    amount: 1099,
    charge: chargeId,
    currency: "gbp",
    created: 1_700_000_100,
    reason: "fraudulent",
    status,
  };
}

/** The payment resource without what differs between the test's charges by construction. */
function comparable(resource: Record<string, unknown>) {
  const {
    id: _id,
    guest: _guest,
    identifiers: _identifiers,
    explanation: _explanation,
    card,
    ...rest
  } = resource;
  return { ...rest, card: { ...(card as object), fingerprint: "(the test's own)" } };
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

function chunks<T>(items: T[], count: number): T[][] {
  return Array.from({ length: count }, (_, index) =>
    items.filter((__, position) => position % count === index),
  );
}
