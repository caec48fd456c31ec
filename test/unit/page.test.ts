import { describe, expect, it } from "vitest";
import { pageOf } from "../../src/domain/page.ts";

/** Paging an ordered list held in memory by Stripe's cursor rules. */

const items = ["a", "b", "c", "d", "e"].map((id) => ({ id }));
const ids = (page: { id: string }[] | null) => page?.map((item) => item.id) ?? null;

describe("pageOf", () => {
  it("when no cursor is given, then the first `take` items come in list order", async () => {
    expect(ids(await pageOf(items)({ take: 3, cursor: null }))).toEqual(["a", "b", "c"]);
  });

  it("when starting after an item, then the items after it come; at the end, none", async () => {
    expect(ids(await pageOf(items)({ take: 2, cursor: { id: "b", direction: "after" } }))).toEqual([
      "c",
      "d",
    ]);
    expect(ids(await pageOf(items)({ take: 2, cursor: { id: "e", direction: "after" } }))).toEqual([]);
  });

  it("when ending before an item, then the items before it come nearest first, as repositories answer", async () => {
    expect(ids(await pageOf(items)({ take: 2, cursor: { id: "d", direction: "before" } }))).toEqual([
      "c",
      "b",
    ]);
    expect(ids(await pageOf(items)({ take: 5, cursor: { id: "b", direction: "before" } }))).toEqual(["a"]);
  });

  it("when the cursor is no item of the list, then the page is null (the caller's 400)", async () => {
    expect(await pageOf(items)({ take: 2, cursor: { id: "z", direction: "after" } })).toBeNull();
  });
});
