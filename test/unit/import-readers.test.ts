import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dashboardPayment, minorUnits } from "../../src/ingest/import/csv-payments.ts";
import { JsonItemScanner } from "../../src/ingest/import/json-items.ts";

/** Splits a text into chunks at the given cut points, as a stream might hand it over. */
function chunked(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(text.slice(start, point));
    start = point;
  }
  chunks.push(text.slice(start));
  return chunks;
}

function scanAll(chunks: string[]) {
  const scanner = new JsonItemScanner();
  const items = chunks.flatMap((chunk) => scanner.push(chunk));
  scanner.end();
  return items;
}

const payments = fc.array(
  fc.record({
    id: fc.string(),
    amount: fc.integer(),
    note: fc.oneof(fc.string(), fc.constant('"]},[{\\')),
    tags: fc.array(fc.string()),
  }),
  { maxLength: 12 },
);

describe("reading the items of a JSON document piece by piece", () => {
  it("when an array is cut into chunks anywhere, then its items are the array's elements, each with the line it starts on", () => {
    fc.assert(
      fc.property(payments, fc.array(fc.nat(), { maxLength: 20 }), (items, cuts) => {
        const text = `[\n${items.map((item) => JSON.stringify(item)).join(",\n")}\n]`;

        const read = scanAll(chunked(text, cuts));

        expect(read).toEqual(items.map((item, index) => ({ line: index + 2, text: JSON.stringify(item) })));
      }),
    );
  });

  it("when a Stripe list object is cut into chunks anywhere, then its items are the elements of its data", () => {
    fc.assert(
      fc.property(payments, fc.array(fc.nat(), { maxLength: 20 }), (items, cuts) => {
        const text = JSON.stringify(
          { object: "list", url: "/v1/charges", data: items, has_more: false },
          null,
          2,
        );

        const read = scanAll(chunked(text, cuts)).map((item) =>
          "text" in item ? JSON.parse(item.text) : item,
        );

        expect(read).toEqual(items);
      }),
    );
  });

  it("when the document is one object without a data array, then that object is the one item", () => {
    const payment = { id: "ch_1", data: { nested: [1, 2] }, charges: { data: [{ id: "ch_1" }] } };

    expect(scanAll([JSON.stringify(payment, null, 2)])).toEqual([
      { line: 1, text: JSON.stringify(payment, null, 2) },
    ]);
  });

  it("when the document stops in the middle, then reading it fails naming the line", () => {
    expect(() => scanAll(['[\n{"id": "ch_1"},\n{"id": '])).toThrow(
      "the JSON document ends in the middle (at line 3)",
    );
  });
});

describe("Stripe Dashboard export rows", () => {
  it.each([
    ["10.99", "usd", 1099],
    ["1,250.00", "usd", 125_000],
    ["1200", "jpy", 1200],
    ["1.234", "kwd", 1234],
    ["0.5", "eur", 50],
  ])("when the amount is %s %s, then it is %i in minor units", (amount, currency, minor) => {
    expect(minorUnits(amount, currency, "Amount")).toBe(minor);
  });

  it("when an amount has more decimals than its currency, then the row is refused naming the column", () => {
    expect(() => minorUnits("12.5", "jpy", "Amount")).toThrow("Invalid Amount: more decimals than jpy has.");
  });

  it("when a row is read, then it becomes the canonical payment with Stripe's field names", () => {
    const row = {
      id: "ch_1",
      "Created (UTC)": "2024-03-18 21:22",
      Amount: "10.99",
      "Amount Refunded": "1.00",
      Currency: "USD",
      Status: "Partially Refunded",
      "Customer Email": "a@example.com",
      "Card Brand": "American Express",
      "Card Last4": "0005",
      "Card Fingerprint": "fp1",
      "Dispute Status": "Under Review",
      "Dispute Reason": "Product not received",
      "order_id (metadata)": "42",
      "Card ID": "card_1",
    };

    expect(dashboardPayment(row)).toEqual({
      object: "payment",
      id: "ch_1",
      created: "2024-03-18T21:22:00Z",
      amount: 1099,
      currency: "usd",
      status: "succeeded",
      email: "a@example.com",
      card: { fingerprint: "fp1", brand: "amex", last4: "0005" },
      refunds: { amount_refunded: 100 },
      dispute: { status: "under_review", reason: "product_not_received" },
      metadata: { order_id: "42" },
    });
  });
});
