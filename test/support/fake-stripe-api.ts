import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small local HTTP server that answers like the Stripe API for what backfill asks: GET /v1/charges
 * (newest first, limit, starting_after, created[gte]/[lt], Stripe-Account) and GET /v1/accounts, with
 * faults on cue: a 429 with Retry-After, a 500, a dropped connection, a 400, a 401.
 */

export type Fault = "429" | "500" | "drop" | "400" | "401";

export interface RecordedRequest {
  path: string;
  query: Record<string, string>;
  stripeAccount: string | null;
  at: number;
  answered: number | "dropped";
}

export interface FakeStripeApi {
  url: string;
  requests: RecordedRequest[];
  /** Faults met, one per request, by the requests for the page-th page served (0: the first) before it is served. */
  failPage(page: number, ...faults: Fault[]): void;
  stop(): Promise<void>;
}

export async function fakeStripeApi(options: {
  charges: Record<string, unknown>[];
  accounts?: string[];
  chargesOf?: Record<string, Record<string, unknown>[]>;
}): Promise<FakeStripeApi> {
  const requests: RecordedRequest[] = [];
  const scheduled = new Map<number, Fault[]>();
  let pagesServed = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query = Object.fromEntries(url.searchParams.entries());
    const stripeAccount = (req.headers["stripe-account"] as string | undefined) ?? null;
    const record: RecordedRequest = {
      path: url.pathname,
      query,
      stripeAccount,
      at: Date.now(),
      answered: 200,
    };
    requests.push(record);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.answered = status;
      res.writeHead(status, {
        "content-type": "application/json",
        "request-id": `req_${requests.length}`,
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== "Bearer sk_test_fakeBackfillKey") {
      answer(401, {
        error: { type: "invalid_request_error", message: "Invalid API Key provided: sk_test_****" },
      });
      return;
    }
    if (url.pathname === "/v1/accounts") {
      answer(
        200,
        list(
          "/v1/accounts",
          (options.accounts ?? []).map((id) => ({ id, object: "account" })),
          query,
        ),
      );
      return;
    }
    if (url.pathname !== "/v1/charges") {
      answer(404, { error: { type: "invalid_request_error", message: "Unrecognized request URL" } });
      return;
    }
    const fault = scheduled.get(pagesServed)?.shift();
    switch (fault) {
      case "429":
        answer(
          429,
          { error: { type: "invalid_request_error", code: "rate_limit", message: "Too many requests" } },
          { "retry-after": "1" },
        );
        return;
      case "500":
        answer(500, { error: { type: "api_error", message: "Something went wrong on Stripe's end." } });
        return;
      case "400":
        answer(400, { error: { type: "invalid_request_error", message: "Invalid request" } });
        return;
      case "401":
        answer(401, { error: { type: "invalid_request_error", message: "Expired API Key provided" } });
        return;
      case "drop":
        record.answered = "dropped";
        req.socket.destroy();
        return;
    }
    const all = stripeAccount ? (options.chargesOf?.[stripeAccount] ?? []) : options.charges;
    const inRange = all.filter((charge) => {
      const created = charge.created as number;
      return (
        (query["created[gte]"] === undefined || created >= Number(query["created[gte]"])) &&
        (query["created[lt]"] === undefined || created < Number(query["created[lt]"]))
      );
    });
    pagesServed++;
    answer(200, list("/v1/charges", inRange, query));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failPage: (page, ...faults) => {
      scheduled.set(page, [...(scheduled.get(page) ?? []), ...faults]);
    },
    stop: () => new Promise((done) => server.close(() => done())),
  };
}

function list(url: string, items: Record<string, unknown>[], query: Record<string, string>) {
  const limit = Math.min(Number(query.limit ?? 10), 100);
  const after = query.starting_after ? items.findIndex((item) => item.id === query.starting_after) + 1 : 0;
  const data = items.slice(after, after + limit);
  return { object: "list", url, has_more: after + limit < items.length, data };
}
