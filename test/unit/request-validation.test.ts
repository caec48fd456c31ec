import { describe, expect, it } from "vitest";
import { z } from "zod";
import { roles } from "../../src/config/api-keys.ts";
import { roleAllows } from "../../src/http/auth.ts";
import type { ApiError } from "../../src/http/errors.ts";
import { listQuerySchema } from "../../src/http/pagination.ts";
import { paramName } from "../../src/http/param-name.ts";
import { parseRequestPart } from "../../src/http/validation.ts";

function rejection(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("expected the parse to fail");
}

describe("parameter names in errors", () => {
  it("when a query parameter is nested, then it is named in bracket form", () => {
    expect(paramName(["last_payment", "gte"], "query")).toBe("last_payment[gte]");
    expect(paramName(["ids", 0], "query")).toBe("ids[0]");
  });

  it("when a body field is nested, then it is named as a JSON client writes it", () => {
    expect(paramName(["data", 3, "amount"], "body")).toBe("data[3].amount");
    expect(paramName([2, "id"], "body")).toBe("[2].id");
  });

  it("when the path is empty, then there is no parameter to name", () => {
    expect(paramName([], "body")).toBeNull();
  });
});

describe("request validation", () => {
  const query = listQuerySchema({
    last_payment: z.strictObject({ gte: z.coerce.number().int().optional() }).optional(),
  });
  const body = z.strictObject({ data: z.array(z.strictObject({ amount: z.number().int().min(0) })) });

  it("when the list parameters are absent, then limit is 10 and there is no cursor", () => {
    expect(parseRequestPart(query, {}, "query")).toEqual({ limit: 10 });
  });

  it.each(["0", "101", "ten", "2.5"])("when limit is %s, then a 400 names limit", (limit) => {
    const error = rejection(() => parseRequestPart(query, { limit }, "query"));

    expect(error.toJSON().error).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_invalid",
      param: "limit",
    });
    expect(error.status).toBe(400);
  });

  it("when an unknown query parameter is sent, then a 400 names it", () => {
    const error = rejection(() => parseRequestPart(query, { colour: "red" }, "query"));

    expect(error.toJSON().error).toEqual({
      type: "invalid_request_error",
      code: "parameter_unknown",
      message: "Received unknown parameter: colour.",
      param: "colour",
    });
  });

  it("when a nested query parameter is wrong or unknown, then its bracket name is given", () => {
    expect(rejection(() => parseRequestPart(query, { last_payment: { gte: "soon" } }, "query")).param).toBe(
      "last_payment[gte]",
    );
    expect(rejection(() => parseRequestPart(query, { last_payment: { after: "1" } }, "query")).param).toBe(
      "last_payment[after]",
    );
  });

  it("when both cursors are sent, then a 400 says they exclude each other", () => {
    const error = rejection(() =>
      parseRequestPart(query, { starting_after: "a", ending_before: "b" }, "query"),
    );

    expect(error.toJSON().error).toMatchObject({ code: "parameters_exclusive", param: "ending_before" });
    expect(error.message).toBe(
      "You may only specify one of these parameters: starting_after, ending_before.",
    );
  });

  it("when a body field deep in an array has the wrong type, then its path is named", () => {
    const input = { data: [{ amount: 1 }, { amount: 2 }, { amount: 3 }, { amount: "4" }] };

    const error = rejection(() => parseRequestPart(body, input, "body"));

    expect(error.toJSON().error).toMatchObject({ code: "parameter_invalid", param: "data[3].amount" });
    expect(error.message).toMatch(/^Invalid data\[3\]\.amount: /);
  });

  it("when a required body field is absent, then it is reported missing, as Stripe words it", () => {
    const error = rejection(() => parseRequestPart(body, { data: [{}] }, "body"));

    expect(error.toJSON().error).toMatchObject({
      code: "parameter_missing",
      param: "data[0].amount",
      message: "Missing required param: data[0].amount.",
    });
  });
});

describe("roles", () => {
  it("when each role is asked for each permission, then readers read, investigators read and investigate, ingest writes, admin does all", () => {
    const table = Object.fromEntries(
      roles.map((held) => [held, roles.filter((required) => roleAllows(held, required))]),
    );

    expect(table).toEqual({
      reader: ["reader"],
      investigator: ["reader", "investigator"],
      ingest: ["ingest"],
      admin: ["reader", "investigator", "ingest", "admin"],
    });
  });
});
