import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";

describe("logger redaction paths", () => {
  it("when a record carries personal data or a key at the top, one or two levels down, then each is replaced by [redacted]", () => {
    const lines: string[] = [];
    const logger = createLogger("info", { destination: { write: (line: string) => lines.push(line) } });

    logger.info(
      {
        email: "a@example.com",
        payment: { phone: "+4915112345678", billingName: "Ann Example", card: { fingerprint: "fp_secret1" } },
        request: { headers: { authorization: "Bearer sk_secret" }, query: "a@example.com" },
        apiKey: "sk_secret",
        keyId: "key_0123456789",
        status: 200,
      },
      "record",
    );

    const record = JSON.parse(lines[0] ?? "{}");
    expect(record.email).toBe("[redacted]");
    expect(record.payment.phone).toBe("[redacted]");
    expect(record.payment.billingName).toBe("[redacted]");
    expect(record.payment.card).toBe("[redacted]");
    expect(record.request.query).toBe("[redacted]");
    expect(record.request.headers.authorization).toBe("[redacted]");
    expect(record.apiKey).toBe("[redacted]");
    expect(record.keyId).toBe("key_0123456789");
    expect(record.status).toBe(200);
    expect(lines[0]).not.toMatch(/a@example\.com|4915112345678|Ann Example|fp_secret1|sk_secret/);
  });
});
