import { Router } from "express";
import { z } from "zod";
import { type ApiKey, roles } from "../../config/api-keys.ts";
import { listAccountsWithData } from "../../graph/account-repository.ts";
import type { Database } from "../../graph/database.ts";
import { identifyKey, unauthenticated } from "../auth.ts";
import { type ApiDocs, errorResponseRef } from "../openapi.ts";

/**
 * GET /v1/api_key: the key making the request — its role and the merchant accounts it can act for. The
 * console asks it once when a key is pasted, to show the role and offer an account picker. It answers
 * before any account is chosen (no Stripe-Account needed, whatever the key's accounts), so it is mounted
 * ahead of the /v1 authentication that resolves the account, and checks the key itself.
 */

/** More accounts than a picker can show: the rest are typed in (any account id the key allows). */
const maxListedAccounts = 100;

export const apiKeySchema = z
  .object({
    object: z.literal("api_key"),
    id: z.string().meta({ description: "A short hash naming the key (as in logs); never the key itself." }),
    role: z.enum(roles),
    all_accounts: z.boolean().meta({ description: "Whether the key may act for any account." }),
    accounts: z.array(z.string()).meta({
      description: `The accounts the key may act for: its own list, or, for a key of all accounts, the default account and the accounts holding data (up to ${maxListedAccounts}, in id order).`,
    }),
    default_account: z.string().nullable().meta({
      description:
        "The account a request without Stripe-Account acts for, or null when this key cannot act for it (send Stripe-Account).",
    }),
  })
  .meta({ id: "ApiKey", description: "The API key making the request." });

export function apiKeyRoute(options: { db: Database; keys: readonly ApiKey[]; defaultAccount: string }): {
  router: Router;
  document(docs: ApiDocs): void;
} {
  const router = Router();
  router.get("/v1/api_key", async (req, res) => {
    const authorization = req.get("authorization");
    if (!authorization) {
      throw unauthenticated(
        "api_key_missing",
        "You did not provide an API key. Send it as `Authorization: Bearer <key>`.",
      );
    }
    const key = identifyKey(options.keys, authorization);
    const accounts =
      key.accounts ??
      [
        ...new Set([options.defaultAccount, ...(await listAccountsWithData(options.db, maxListedAccounts))]),
      ].sort();
    const answer: z.input<typeof apiKeySchema> = {
      object: "api_key",
      id: key.id,
      role: key.role,
      all_accounts: key.accounts === null,
      accounts,
      default_account:
        key.accounts === null || key.accounts.includes(options.defaultAccount)
          ? options.defaultAccount
          : null,
    };
    res.json(answer);
  });
  return {
    router,
    document(docs) {
      docs.registry.registerPath({
        method: "get",
        path: "/v1/api_key",
        summary: "Retrieve the API key's role and accounts",
        description:
          "The role of the key making the request and the accounts it can act for; any valid key may ask, without Stripe-Account. The console calls it when a key is pasted.",
        tags: ["api key"],
        responses: {
          200: { description: "Success", content: { "application/json": { schema: apiKeySchema } } },
          401: errorResponseRef(401),
          500: errorResponseRef(500),
        },
      });
    },
  };
}
