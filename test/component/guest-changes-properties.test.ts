import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { GuestViewRepository } from "../../src/graph/guest-view-repository.ts";
import { deletePayment } from "../../src/ingest/delete-payment.ts";
import { eraseIdentifier } from "../../src/ingest/erase-identifier.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { verifyAccount } from "../../src/ingest/verify-account.ts";
import { recountGuests, storedAssignments } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom, referenceIdentifiers } from "../support/payment-factory.ts";
import { ReferenceAccount, ReferenceRedirects, referencePass } from "../support/reference-model.ts";

/**
 * Payments that change and go away, against the reference model: histories where creations,
 * identifier updates, customers attached (and removed), stale copies, deletions and erasures interleave,
 * arriving in any order, in random batches, from up to 16 concurrent writers. Whatever the order, the
 * graph must equal one chronological pass over the payments as they are now: the same guests, the
 * same MATCHED edges, the same identifiers, summaries equal to a recount, retired guest ids leading
 * where the rule says, and `verify` finding nothing. 500 histories a run (150 serial, 300 from up to
 * 4 writers, 50 from 16): a few minutes on an idle 2-core machine, far longer on a loaded one.
 */

const db = openTestDatabase();
afterAll(() => db.close());

interface Pools {
  emails: string[];
  phones: string[];
  cards: string[];
}

const pools: Pools = { emails: ["e0", "e1", "e2"], phones: ["p0", "p1"], cards: ["c0", "c1", "c2"] };

/** What one copy of a payment says; copies of one payment differ in all of it but created and amount. */
function copyArbitrary(pools: Pools) {
  return fc.record({
    emails: fc.subarray(pools.emails, { maxLength: 2 }),
    phones: fc.subarray(pools.phones, { maxLength: 1 }),
    cards: fc.subarray(pools.cards, { maxLength: 1 }),
    customer: fc.option(fc.constantFrom("cus_A", "cus_B"), { freq: 5, nil: null }),
    amountRefunded: fc.constantFrom(0, 0, 100),
  });
}

type CopyDraft = {
  emails: string[];
  phones: string[];
  cards: string[];
  customer: string | null;
  amountRefunded: number;
};

interface HistoryPayment {
  id: string;
  created: number;
  amount: number;
  currency: string;
  disputed: boolean;
  /** Copy k has version k + 1; they arrive in any order. */
  copies: CopyDraft[];
}

type Operation =
  | { kind: "copy"; payment: number; copy: number }
  | { kind: "delete"; payment: number }
  | { kind: "erase"; identifier: string };

interface ChangeHistory {
  payments: HistoryPayment[];
  operations: Operation[];
  batchSizes: number[];
  writers: number;
}

function historyArbitrary(options: {
  pools: Pools;
  minPayments?: number;
  maxPayments: number;
  maxCopies: number;
  maxCreated: number;
  maxWriters: number;
}) {
  return fc
    .uniqueArray(fc.stringMatching(/^[a-z0-9]{1,5}$/), {
      minLength: options.minPayments ?? 1,
      maxLength: options.maxPayments,
    })
    .chain((ids) =>
      fc
        .record({
          payments: fc.tuple(
            ...ids.map((id) =>
              fc.record({
                id: fc.constant(`ch_${id}`),
                created: fc.integer({ min: 1, max: options.maxCreated }),
                amount: fc.integer({ min: 200, max: 5000 }),
                currency: fc.constantFrom("usd", "eur"),
                disputed: fc.boolean(),
                copies: fc.array(copyArbitrary(options.pools), {
                  minLength: 1,
                  maxLength: options.maxCopies,
                }),
              }),
            ),
          ),
          deleted: fc.subarray(ids.map((_, index) => index)),
          erased: fc.subarray(
            [
              ...options.pools.emails.map((value) => `email:${value}`),
              ...options.pools.phones.map((value) => `phone:${value}`),
              ...options.pools.cards.map((value) => `card:${value}`),
            ],
            { maxLength: 2 },
          ),
          batchSizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
          writers: fc.integer({ min: 1, max: options.maxWriters }),
        })
        .chain(({ payments, deleted, erased, batchSizes, writers }) => {
          const operations: Operation[] = [
            ...payments.flatMap((payment, index) =>
              payment.copies.map((_, copy): Operation => ({ kind: "copy", payment: index, copy })),
            ),
            ...deleted.map((index): Operation => ({ kind: "delete", payment: index })),
            ...erased.map((identifier): Operation => ({ kind: "erase", identifier })),
          ];
          return fc
            .shuffledSubarray(operations, { minLength: operations.length, maxLength: operations.length })
            .map(
              (shuffled): ChangeHistory => ({
                payments,
                operations: deletionsAfterFirstCopies(shuffled),
                batchSizes,
                writers,
              }),
            );
        }),
    );
}

/**
 * DELETE answers 404 for a payment not stored yet (and writes nothing), so a deletion is only sent once
 * a copy of the payment was: moved after the payment's first copy when it was shuffled before it.
 */
function deletionsAfterFirstCopies(operations: Operation[]): Operation[] {
  const seen = new Set<number>();
  const waiting = new Map<number, Operation>();
  const ordered: Operation[] = [];
  for (const operation of operations) {
    if (operation.kind === "delete" && !seen.has(operation.payment)) {
      waiting.set(operation.payment, operation);
      continue;
    }
    ordered.push(operation);
    if (operation.kind === "copy" && !seen.has(operation.payment)) {
      seen.add(operation.payment);
      const deletion = waiting.get(operation.payment);
      if (deletion) ordered.push(deletion);
    }
  }
  return ordered;
}

function sketchOf(payment: HistoryPayment, copy: number): PaymentSketch {
  const draft = payment.copies[copy] as CopyDraft;
  return {
    id: payment.id,
    created: payment.created,
    amount: payment.amount,
    currency: payment.currency,
    disputed: payment.disputed,
    emails: draft.emails,
    phones: draft.phones,
    cards: draft.cards,
    customer: draft.customer,
    amountRefunded: draft.amountRefunded,
    version: copy + 1,
  };
}

/** Work units as writers send them: runs of copies cut into batches; a deletion or an erasure alone. */
type Unit =
  | { kind: "batch"; sketches: PaymentSketch[] }
  | { kind: "delete"; id: string }
  | { kind: "erase"; identifier: string };

function unitsOf(history: ChangeHistory): Unit[] {
  const units: Unit[] = [];
  let batch: PaymentSketch[] = [];
  let turn = 0;
  const flush = () => {
    if (batch.length > 0) units.push({ kind: "batch", sketches: batch });
    batch = [];
  };
  for (const operation of history.operations) {
    if (operation.kind === "erase") {
      flush();
      units.push(operation);
      continue;
    }
    const payment = history.payments[operation.payment] as HistoryPayment;
    if (operation.kind === "delete") {
      flush();
      units.push({ kind: "delete", id: payment.id });
      continue;
    }
    batch.push(sketchOf(payment, operation.copy));
    if (batch.length >= (history.batchSizes[turn % history.batchSizes.length] as number)) {
      flush();
      turn++;
    }
  }
  flush();
  return units;
}

/**
 * Spreads the units over the writers, round robin; each writer sends its units in order. A deletion
 * waits until the batch carrying the payment's first copy is stored (it comes earlier in the history,
 * so the waits never go round in a circle).
 */
async function applyAsItArrives(account: string, history: ChangeHistory): Promise<void> {
  const units = unitsOf(history);
  const stored = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  const storedSignal = (id: string) => {
    let signal = stored.get(id);
    if (!signal) {
      let resolve = () => {};
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      signal = { promise, resolve };
      stored.set(id, signal);
    }
    return signal;
  };
  const lanes = Array.from({ length: history.writers }, (_, lane) =>
    units.filter((_, index) => index % history.writers === lane),
  );
  await Promise.all(
    lanes.map(async (lane) => {
      for (const unit of lane) {
        if (unit.kind === "batch") {
          await ingestPayments(
            db,
            account,
            unit.sketches.map((sketch) => paymentFrom(account, sketch)),
          );
          for (const sketch of unit.sketches) storedSignal(sketch.id).resolve();
        } else if (unit.kind === "delete") {
          await storedSignal(unit.id).promise;
          expect(await deletePayment(db, account, unit.id), `deleting ${unit.id}`).toBe(true);
        } else {
          await eraseIdentifier(db, account, erasureRequest(unit.identifier));
        }
      }
    }),
  );
}

/** The model's "email:e0" as an erasure request. */
function erasureRequest(identifier: string) {
  const [kind, value] = identifier.split(":") as ["email" | "phone" | "card", string];
  const type = kind === "card" ? ("card_fingerprint" as const) : kind;
  return { type, spellings: [{ kind, value }], requestedBy: "property-test" };
}

/** The model over the history's payments as they are now (the arrival order cannot matter). */
function modelOf(history: ChangeHistory): ReferenceAccount {
  const model = new ReferenceAccount();
  for (const operation of history.operations) {
    if (operation.kind === "erase") {
      model.erase(operation.identifier);
      continue;
    }
    const payment = history.payments[operation.payment] as HistoryPayment;
    if (operation.kind === "delete") {
      model.delete(payment.id);
      continue;
    }
    const sketch = sketchOf(payment, operation.copy);
    model.receive({
      id: sketch.id,
      created: sketch.created,
      customer: sketch.customer ?? null,
      identifiers: referenceIdentifiers(sketch),
      version: sketch.version as number,
    });
  }
  return model;
}

/** A serial history's model, step by step as the single writer sends its units, with where retired ids lead. */
function serialModelOf(history: ChangeHistory): { model: ReferenceAccount; redirects: ReferenceRedirects } {
  const model = new ReferenceAccount();
  const redirects = new ReferenceRedirects();
  for (const unit of unitsOf(history)) {
    if (unit.kind === "batch") {
      for (const sketch of unit.sketches) {
        model.receive({
          id: sketch.id,
          created: sketch.created,
          customer: sketch.customer ?? null,
          identifiers: referenceIdentifiers(sketch),
          version: sketch.version as number,
        });
      }
    } else if (unit.kind === "delete") model.delete(unit.id);
    else model.erase(unit.identifier);
    redirects.step(model.payments());
  }
  return { model, redirects };
}

/** Every guest node the graph ever made is one the model's serial pass made, and leads where the model says. */
async function expectRedirectsEqualModel(account: string, redirects: ReferenceRedirects): Promise<void> {
  const guestOf = (founder: string | null) => (founder === null ? null : guestIdFor(account, founder));
  const ever = [...redirects.guestsEver()];
  const stored = await db.read<{ id: string }>(
    "MATCH (g:Guest) WHERE g.account = $account RETURN g.id AS id",
    {
      account,
    },
  );
  expect(stored.map(({ id }) => id).sort(), "every guest ever made").toEqual(
    ever.map((founder) => guestOf(founder)).sort(),
  );
  const views = new GuestViewRepository(db, account);
  for (const founder of ever) {
    expect(await views.resolve(guestOf(founder) as string), `where ${founder}'s guest leads`).toBe(
      guestOf(redirects.leadsTo(founder)),
    );
  }
}

async function expectGraphEqualsModel(account: string, model: ReferenceAccount): Promise<void> {
  const payments = model.payments();
  const { founderOf, matchOf } = referencePass(payments);

  // Payments, guests and the customer each is linked to.
  const stored = await storedAssignments(db, account);
  expect([...stored.keys()].sort(), "stored payments").toEqual(payments.map(({ id }) => id).sort());
  for (const payment of payments) {
    const founder = founderOf.get(payment.id);
    const guest = founder ? guestIdFor(account, founder) : null;
    expect(stored.get(payment.id), `guest of ${payment.id}`).toEqual({
      guest,
      guestEdges: guest ? 1 : 0,
      edgeGuest: guest,
    });
  }

  // MATCHED edges, identifiers (values, and whether the rule sees them), customers.
  const rows = await db.read<{
    id: string;
    match: string | null;
    matches: number;
    customer: string | null;
    customers: string[];
    cardFingerprint: string | null;
    uses: { identifier: string; inRule: boolean }[];
  }>(
    `MATCH (p:Payment) WHERE p.account = $account
     RETURN p.id AS id, p.customer AS customer, p.cardFingerprint AS cardFingerprint,
            [(p)-[:MATCHED]->(m) | m.id][0] AS match, COUNT { (p)-[:MATCHED]->() } AS matches,
            [(p)-[:MADE_BY]->(c) | c.id] AS customers,
            [(p)-[u:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(n) | {
               identifier: CASE type(u) WHEN 'HAS_EMAIL' THEN 'email:' + n.address
                           WHEN 'HAS_PHONE' THEN 'phone:' + n.number ELSE 'card:' + n.fingerprint END,
               inRule: u.identity IS NOT NULL AND u.at = p.at }] AS uses`,
    { account },
  );
  const byId = new Map(payments.map((payment) => [payment.id, payment]));
  for (const row of rows) {
    const payment = byId.get(row.id);
    if (!payment) continue;
    expect(row.match ?? null, `match of ${row.id}`).toBe(matchOf.get(row.id) ?? null);
    expect(row.matches, `MATCHED edges of ${row.id}`).toBe(matchOf.get(row.id) ? 1 : 0);
    expect(row.customer, `customer of ${row.id}`).toBe(payment.customer);
    expect(row.customers, `MADE_BY of ${row.id}`).toEqual(payment.customer ? [payment.customer] : []);
    const card = payment.identifiers.find((identifier) => identifier.startsWith("card:"));
    expect(row.cardFingerprint, `card fingerprint kept on ${row.id}`).toBe(card ? card.slice(5) : null);
    expect(row.uses.map(({ identifier }) => identifier).sort(), `identifiers of ${row.id}`).toEqual(
      [...payment.identifiers].sort(),
    );
    expect(
      row.uses.every(({ inRule }) => inRule === (payment.customer === null)),
      `uses of ${row.id} take part in the rule exactly when it is a guest payment`,
    ).toBe(true);
  }

  // Summaries equal a recount; the live guests are exactly the model's.
  const guests = await recountGuests(db, account);
  for (const guest of guests) expect(guest.stored, `summary of ${guest.id}`).toEqual(guest.recounted);
  const liveGuests = new Set([...new Set(founderOf.values())].map((founder) => guestIdFor(account, founder)));
  expect(
    guests
      .filter((guest) => guest.stored.retired === false)
      .map(({ id }) => id)
      .sort(),
    "live guests",
  ).toEqual([...liveGuests].sort());

  // Retired guest ids: through a founding payment that is still a guest payment, to its guest; else
  // (founding payment deleted, or a customer attached) to a live guest, or nowhere.
  const views = new GuestViewRepository(db, account);
  const founding = await db.read<{ id: string; foundingPaymentId: string }>(
    "MATCH (g:Guest) WHERE g.account = $account AND g.retired = true RETURN g.id AS id, g.foundingPaymentId AS foundingPaymentId",
    { account },
  );
  for (const { id, foundingPaymentId } of founding) {
    const leadsTo = await views.resolve(id);
    const founder = founderOf.get(foundingPaymentId);
    if (founder)
      expect(leadsTo, `retired ${id} leads through its founding payment`).toBe(guestIdFor(account, founder));
    else if (leadsTo !== null)
      expect(liveGuests.has(leadsTo), `retired ${id} leads to a live guest`).toBe(true);
  }

  const report = await verifyAccount(db, account);
  expect(report.differences, "verify: differences").toEqual([]);
  expect(report.localViolations, "verify: local violations").toBe(0);
  expect(report.summaryDifferences, "verify: guest summaries").toEqual([]);
  expect(report.ringDifferences, "verify: rings and Radar counts").toEqual([]);
}

describe("the guest graph equals one chronological pass over the payments as they are now", () => {
  it("when one writer sends changing copies, deletions and erasures in any order, then every guest id ever made leads exactly where the rule says", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary({ pools, maxPayments: 8, maxCopies: 3, maxCreated: 8, maxWriters: 1 }),
        async (history) => {
          const account = uniqueAccount();
          await applyAsItArrives(account, history);
          const { model, redirects } = serialModelOf(history);
          await expectGraphEqualsModel(account, model);
          await expectRedirectsEqualModel(account, redirects);
        },
      ),
      { numRuns: 150 },
    );
  }, 2_400_000);

  it("when copies that change identifiers and customers arrive stale, shuffled, batched and interleaved with deletions and erasures from up to 4 writers, then the graph equals the model", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary({ pools, maxPayments: 10, maxCopies: 3, maxCreated: 10, maxWriters: 4 }),
        async (history) => {
          const account = uniqueAccount();
          await applyAsItArrives(account, history);
          await expectGraphEqualsModel(account, modelOf(history));
        },
      ),
      { numRuns: 300 },
    );
  }, 2_400_000);

  it("when 16 writers send changing copies, deletions and erasures of one account with heavily shared identifiers, then the graph equals the model", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary({
          pools: { emails: ["e0", "e1"], phones: ["p0"], cards: ["c0", "c1"] },
          minPayments: 16,
          maxPayments: 32,
          maxCopies: 3,
          maxCreated: 20,
          maxWriters: 16,
        }).map((history) => ({ ...history, writers: 16, batchSizes: [1, 2, 3] })),
        async (history) => {
          const account = uniqueAccount();
          await applyAsItArrives(account, history);
          await expectGraphEqualsModel(account, modelOf(history));
        },
      ),
      { numRuns: 50 },
    );
  }, 2_400_000);
});
