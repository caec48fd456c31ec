import { setTimeout as sleep } from "node:timers/promises";

/**
 * A client as Stripe's libraries behave: a POST is sent with an Idempotency-Key and sent again with the
 * same key on a 409, 429 or 5xx answer or a broken connection, after Retry-After (else a short backoff),
 * until it is answered 2xx. Answers the final response and how many attempts it took.
 */
export async function postUntilAnswered(
  url: string,
  options: { key: string; account?: string; idempotencyKey: string; body: unknown; giveUpAfterMs?: number },
): Promise<{ status: number; json: unknown; attempts: number }> {
  const deadline = Date.now() + (options.giveUpAfterMs ?? 180_000);
  for (let attempts = 1; ; attempts++) {
    let retryAfterMs = Math.min(2000, 100 * 2 ** Math.min(attempts, 5));
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.key}`,
          "content-type": "application/json",
          "idempotency-key": options.idempotencyKey,
          ...(options.account ? { "stripe-account": options.account } : {}),
        },
        body: JSON.stringify(options.body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      if (response.status < 300) return { status: response.status, json: JSON.parse(text), attempts };
      if (response.status !== 409 && response.status !== 429 && response.status < 500) {
        throw new Error(`POST ${url} answered ${response.status}: ${text}`);
      }
      const header = Number(response.headers.get("retry-after"));
      if (header > 0) retryAfterMs = header * 1000;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("POST ")) throw error;
      // A connection refused or cut: Neo4j, or the service, is away; try again.
    }
    if (Date.now() > deadline) throw new Error(`POST ${url} still not answered after ${attempts} attempts`);
    await sleep(retryAfterMs);
  }
}
