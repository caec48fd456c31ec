import Stripe from "stripe";

/**
 * The Stripe API as backfill needs it, through the official `stripe` package: charges of an account
 * (or of a connected account, Stripe-Account) newest first, auto-paginated from a cursor, and the
 * platform's connected accounts. The package retries dropped connections and 5xx answers itself;
 * rate limiting (429) is waited out here, as Stripe's headers say (Retry-After, else exponential).
 */

export interface StripeApiOptions {
  apiKey: string;
  /** https://api.stripe.com, or a local stand-in. */
  url: string;
  /** Retries of a dropped connection or a 5xx (the package's own). */
  networkRetries?: number;
  /** How many times in a row a 429 is waited out before giving up. */
  rateLimitRetries?: number;
  /** Waits in ms (tests shorten them). */
  sleep?: (ms: number) => Promise<void>;
}

export interface ChargeRange {
  /** Unix seconds, inclusive. */
  since: number | null;
  /** Unix seconds, exclusive. */
  until: number | null;
}

export class StripeApi {
  readonly #stripe: Stripe;
  readonly #rateLimitRetries: number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Rate-limit waits so far (for the summary). */
  rateLimited = 0;

  constructor(options: StripeApiOptions) {
    const url = new URL(options.url);
    this.#stripe = new Stripe(options.apiKey, {
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === "http:" ? 80 : 443,
      protocol: url.protocol === "http:" ? "http" : "https",
      maxNetworkRetries: options.networkRetries ?? 4,
      timeout: 60_000,
      appInfo: { name: "GuestGraph backfill" },
    });
    this.#rateLimitRetries = options.rateLimitRetries ?? 8;
    this.#sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  }

  /** Charges newest first, after `startingAfter` (a charge id) when given. */
  async *charges(
    range: ChargeRange,
    startingAfter: string | null,
    connectedAccount: string | null,
  ): AsyncGenerator<Stripe.Charge> {
    const created: Stripe.RangeQueryParam = {};
    if (range.since !== null) created.gte = range.since;
    if (range.until !== null) created.lt = range.until;
    let cursor = startingAfter;
    let waits = 0;
    for (;;) {
      try {
        const list = this.#stripe.charges.list(
          {
            limit: 100,
            ...(Object.keys(created).length > 0 ? { created } : {}),
            ...(cursor ? { starting_after: cursor } : {}),
          },
          connectedAccount ? { stripeAccount: connectedAccount } : {},
        );
        for await (const charge of list) {
          yield charge;
          cursor = charge.id;
          waits = 0;
        }
        return;
      } catch (error) {
        if (!(error instanceof Stripe.errors.StripeRateLimitError) || waits >= this.#rateLimitRetries)
          throw error;
        waits++;
        this.rateLimited++;
        await this.#sleep(retryAfterMs(error, waits));
      }
    }
  }

  /** The platform's connected accounts (Connect). */
  async *connectedAccounts(): AsyncGenerator<string> {
    for await (const account of this.#stripe.accounts.list({ limit: 100 })) yield account.id;
  }
}

/** Retry-After when Stripe sends it (capped at a minute), else 1, 2, 4 … 32 s. */
function retryAfterMs(error: Stripe.errors.StripeError, attempt: number): number {
  const header = (error.headers as Record<string, string | undefined> | undefined)?.["retry-after"];
  const seconds = Number(header);
  if (header !== undefined && Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 60) * 1000;
  return Math.min(2 ** (attempt - 1), 32) * 1000;
}

/** What went wrong with Stripe, in one line that names the fix when there is one. */
export function stripeProblem(error: unknown): string | null {
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return "Stripe refused the API key: set STRIPE_API_KEY to a secret or restricted key (rk_…) with read access to charges";
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    return "the API key may not read charges (of that connected account): give the restricted key read access to charges";
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) return "Stripe kept answering 429 (rate limited)";
  if (error instanceof Stripe.errors.StripeConnectionError)
    return `cannot reach Stripe: ${error.message.split("\n")[0]}`;
  if (error instanceof Stripe.errors.StripeError)
    return `Stripe answered ${error.statusCode ?? "an error"}: ${error.message.split("\n")[0]}`;
  return null;
}
