import { afterAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { storedAssignments } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom } from "../support/payment-factory.ts";

const db = openTestDatabase();
afterAll(() => db.close());

async function ingest(account: string, sketches: PaymentSketch[]) {
  return ingestPayments(
    db,
    account,
    sketches.map((sketch) => paymentFrom(account, sketch)),
  );
}

async function guestOf(account: string, id: string): Promise<string | null> {
  return (await storedAssignments(db, account)).get(id)?.guest ?? null;
}

describe("the guest rule on the issue's worked examples", () => {
  it("when john pays with the card alice used, then both payments are one guest", async () => {
    const account = uniqueAccount();

    await ingest(account, [{ id: "ch_1", created: 100, emails: ["alice@example.com"], cards: ["F1"] }]);
    await ingest(account, [{ id: "ch_2", created: 200, emails: ["john@example.com"], cards: ["F1"] }]);

    expect(await guestOf(account, "ch_2")).toBe(guestIdFor(account, "ch_1"));
    expect(await guestOf(account, "ch_1")).toBe(guestIdFor(account, "ch_1"));
  });

  it("when alice pays with two different cards, then her email makes them one guest", async () => {
    const account = uniqueAccount();

    await ingest(account, [
      { id: "ch_1", created: 100, emails: ["alice@example.com"], cards: ["F4242"] },
      { id: "ch_2", created: 200, emails: ["alice@example.com"], cards: ["F2525"] },
    ]);

    expect(await guestOf(account, "ch_2")).toBe(guestIdFor(account, "ch_1"));
  });

  it("when payments share only a phone, then they are one guest", async () => {
    const account = uniqueAccount();

    await ingest(account, [
      { id: "ch_1", created: 100, emails: ["a@example.com"], cards: ["F1"], phones: ["+14155550123"] },
      { id: "ch_2", created: 200, emails: ["b@example.com"], cards: ["F2"], phones: ["+14155550123"] },
    ]);

    expect(await guestOf(account, "ch_2")).toBe(guestIdFor(account, "ch_1"));
  });

  const example4: PaymentSketch[] = [
    { id: "P1", created: 1, emails: ["alice"], cards: ["F1"] },
    { id: "P2", created: 2, emails: ["bob"], cards: ["F2"] },
    { id: "P3", created: 3, emails: ["bob"], cards: ["F1"] },
    { id: "P4", created: 4, emails: ["carol"], cards: ["F1"] },
    { id: "P5", created: 5, emails: ["alice"] },
  ];

  it("when identifiers point at different guests, then the most recently used one wins (example 4)", async () => {
    const account = uniqueAccount();
    const [G1, G2] = [guestIdFor(account, "P1"), guestIdFor(account, "P2")];

    for (const sketch of example4) await ingest(account, [sketch]);

    const stored = await storedAssignments(db, account);
    expect(Object.fromEntries([...stored].map(([id, a]) => [id, a.guest]))).toEqual({
      P1: G1,
      P2: G2,
      P3: G2,
      P4: G2,
      P5: G1,
    });
  });

  it("when example 4 arrives in every one of its 120 orders, then the outcome is always the chronological one", async () => {
    const outcomes = new Set<string>();

    for (const order of permutations(example4)) {
      const account = uniqueAccount();
      for (const sketch of order) await ingest(account, [sketch]);
      const stored = await storedAssignments(db, account);
      const founders = ["P1", "P2", "P3", "P4", "P5"].map((id) => {
        const guest = stored.get(id)?.guest;
        return ["P1", "P2", "P3", "P4", "P5"].find((founder) => guestIdFor(account, founder) === guest);
      });
      outcomes.add(founders.join(","));
    }

    expect([...outcomes]).toEqual(["P1,P2,P2,P2,P1"]);
  }, 240_000);

  it("when two candidates share the same created, then the later one in (created, id) order wins", async () => {
    const account = uniqueAccount();

    await ingest(account, [
      { id: "ch_b", created: 50, emails: ["x@example.com"] },
      { id: "ch_a", created: 50, cards: ["F9"] },
      { id: "ch_c", created: 60, emails: ["x@example.com"], cards: ["F9"] },
    ]);

    expect(await guestOf(account, "ch_c")).toBe(guestIdFor(account, "ch_b"));
  });

  it("when a payment has no identifier at all, then it founds its own guest", async () => {
    const account = uniqueAccount();

    await ingest(account, [
      { id: "ch_1", created: 1 },
      { id: "ch_2", created: 2 },
    ]);

    expect(await guestOf(account, "ch_1")).toBe(guestIdFor(account, "ch_1"));
    expect(await guestOf(account, "ch_2")).toBe(guestIdFor(account, "ch_2"));
  });

  it("when a registered customer's payment shares a card, then it joins no guest and links nobody", async () => {
    const account = uniqueAccount();

    await ingest(account, [
      { id: "ch_1", created: 1, emails: ["a@example.com"] },
      { id: "ch_2", created: 2, emails: ["b@example.com"], cards: ["F1"], customer: "cus_1" },
      { id: "ch_3", created: 3, emails: ["a@example.com"], cards: ["F1"] },
      { id: "ch_4", created: 4, cards: ["F1"] },
    ]);

    const stored = await storedAssignments(db, account);
    expect(stored.get("ch_2")).toEqual({ guest: null, guestEdges: 0, edgeGuest: null });
    expect(stored.get("ch_4")?.guest).toBe(guestIdFor(account, "ch_1"));
  });

  it("when the same card is used in two accounts, then it links nothing across them", async () => {
    const [first, second] = [uniqueAccount(), uniqueAccount()];

    await ingest(first, [{ id: "ch_1", created: 1, cards: ["F_SHARED"] }]);
    await ingest(second, [{ id: "ch_2", created: 2, cards: ["F_SHARED"] }]);

    expect(await guestOf(second, "ch_2")).toBe(guestIdFor(second, "ch_2"));
  });

  it("when a late payment bridges two guests, then the later guest is retired and its id leads to the founding payment's new guest", async () => {
    const account = uniqueAccount();
    await ingest(account, [
      { id: "ch_1", created: 10, emails: ["a@example.com"] },
      { id: "ch_3", created: 30, cards: ["F3"] },
      { id: "ch_4", created: 40, cards: ["F3"] },
    ]);

    await ingest(account, [{ id: "ch_2", created: 20, emails: ["a@example.com"], cards: ["F3"] }]);

    const stored = await storedAssignments(db, account);
    expect(
      [...stored.values()].every((a) => a.guest === guestIdFor(account, "ch_1") && a.guestEdges === 1),
    ).toBe(true);
    const [retired] = await db.read<{ retired: boolean; paymentCount: number; foundingPaymentId: string }>(
      "MATCH (g:Guest {account: $account, id: $id}) RETURN g.retired AS retired, g.paymentCount AS paymentCount, g.foundingPaymentId AS foundingPaymentId",
      { account, id: guestIdFor(account, "ch_3") },
    );
    expect(retired).toEqual({ retired: true, paymentCount: 0, foundingPaymentId: "ch_3" });
  });
});

function* permutations<T>(items: T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield items;
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i] as T, ...tail];
  }
}
