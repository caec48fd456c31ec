import { describe, expect, it } from "vitest";
import { answerObjects, auditOrderKey, defaultAction, pathObject } from "../../src/domain/audit-event.ts";

describe("audit event actions", () => {
  it.each([
    ["get", "/guests", "guests.list"],
    ["get", "/guests/:id", "guests.retrieve"],
    ["get", "/guests/:id/payments", "guests.payments.list"],
    ["post", "/payments", "payments.create"],
    ["delete", "/payments/:id", "payments.delete"],
    ["post", "/erasures", "erasures.create"],
    ["get", "/graph/neighborhood", "graph.neighborhood.list"],
    ["get", "/identifiers/:type/:value", "identifiers.retrieve"],
  ])("when a route is %s %s, then its action is %s", (method, path, action) => {
    expect(defaultAction(method, path)).toBe(action);
  });
});

describe("audited objects", () => {
  it("when a path names an object, then it is that resource's object, with several parameters joined by ':'", () => {
    expect(pathObject("/guests/:id/payments", { id: "gst_1" })).toEqual({ object: "guest", id: "gst_1" });
    expect(pathObject("/identifiers/:type/:value", { type: "email", value: "ann@example.com" })).toEqual({
      object: "identifier",
      id: "email:ann@example.com",
    });
    expect(pathObject("/guests", {})).toBeNull();
  });

  it("when an answer is an object, a list, a graph or ingest results, then the objects shown and their guests are found once each", () => {
    expect(answerObjects({ object: "guest", id: "gst_1", payments: [{ id: "ch_9" }] })).toEqual([
      { object: "guest", id: "gst_1" },
    ]);
    expect(
      answerObjects({
        object: "list",
        data: [
          { object: "payment", id: "ch_1", guest: "gst_1" },
          { object: "payment_result", id: "ch_2", guest: "gst_1" },
        ],
      }),
    ).toEqual([
      { object: "payment", id: "ch_1" },
      { object: "guest", id: "gst_1" },
      { object: "payment", id: "ch_2" },
    ]);
    expect(
      answerObjects({
        object: "graph",
        nodes: [
          { id: "gst_1", type: "guest" },
          { id: "email:ann@example.com", type: "email" },
        ],
        edges: [{ id: "e1", type: "used" }],
      }),
    ).toEqual([
      { object: "guest", id: "gst_1" },
      { object: "email", id: "email:ann@example.com" },
    ]);
    expect(answerObjects(null)).toEqual([]);
  });

  it("when a guest view or an identifier's list shows identifiers, linked guests, related customers or users, then each is named as what it is", () => {
    expect(
      answerObjects({
        object: "guest",
        id: "gst_1",
        identifiers: [{ id: "card:FP_1", object: "guest_identifier", type: "card" }],
        linked_guests: [{ id: "gst_2", object: "linked_guest", guest: "gst_2" }],
        related_customers: [{ id: "cus_A", object: "related_customer", customer: "cus_A" }],
      }),
    ).toEqual([
      { object: "guest", id: "gst_1" },
      { object: "card", id: "card:FP_1" },
      { object: "guest", id: "gst_2" },
      { object: "customer", id: "cus_A" },
    ]);
    expect(
      answerObjects({ object: "list", data: [{ id: "cus_B", object: "identifier_user", type: "customer" }] }),
    ).toEqual([{ object: "customer", id: "cus_B" }]);
  });

  it("when events are ordered by their key, then string order is time order, ties by id", () => {
    const keys = [
      auditOrderKey(1_700_000_000_123, "ae_b"),
      auditOrderKey(999, "ae_z"),
      auditOrderKey(1_700_000_000_123, "ae_a"),
    ];

    expect([...keys].sort()).toEqual([keys[1], keys[2], keys[0]]);
  });
});
