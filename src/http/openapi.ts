import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { accountIdPattern } from "../config/api-keys.ts";
import { errorBodySchema } from "./errors.ts";

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so the two
 * cannot drift apart. One ApiDocs per app: route modules add their paths to its registry (api-routes.ts
 * does it for them) and GET /openapi.json serves the result.
 */

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

export const bearerAuth = "bearerAuth";

/** Error responses every /v1 route may give, by status, as components/responses. */
export const errorResponses = {
  400: { name: "InvalidRequest", description: "A parameter is missing or invalid; `param` names it." },
  401: { name: "Unauthenticated", description: "No API key, or an unknown one." },
  403: {
    name: "Forbidden",
    description: "The key's role does not allow the call, or it cannot act for the Stripe-Account.",
  },
  404: { name: "NotFound", description: "No such object in this account, or no such URL." },
  409: {
    name: "IdempotencyKeyInUse",
    description: "A request with the same Idempotency-Key is still running.",
  },
  413: { name: "BodyTooLarge", description: "The request body is over the size limit." },
  415: { name: "UnsupportedContentType", description: "The request body is not JSON." },
  500: { name: "ServerError", description: "An unexpected error on GuestGraph's side (logged)." },
} as const;

export class ApiDocs {
  readonly registry = new OpenAPIRegistry();
  /** Header parameters to list in a route's `request.headers`. */
  readonly stripeAccountHeader: z.ZodType;
  readonly idempotencyKeyHeader: z.ZodType;
  #document: OpenApiDocument | undefined;

  constructor() {
    this.registry.registerComponent("securitySchemes", bearerAuth, {
      type: "http",
      scheme: "bearer",
      description:
        "An API key from GUESTGRAPH_API_KEYS (or the local admin key printed at start-up): `Authorization: Bearer <key>`.",
    });
    this.stripeAccountHeader = this.registry.registerParameter(
      "StripeAccount",
      z
        .string()
        .regex(accountIdPattern)
        .optional()
        .meta({
          param: { name: "Stripe-Account", in: "header" },
          description: "The merchant account to act for; GUESTGRAPH_DEFAULT_ACCOUNT when absent.",
          example: "acct_1Nv0FGQ9RKHgCVdK",
        }),
    );
    this.idempotencyKeyHeader = this.registry.registerParameter(
      "IdempotencyKey",
      z
        .string()
        .min(1)
        .max(255)
        .optional()
        .meta({
          param: { name: "Idempotency-Key", in: "header" },
          description:
            "Makes a POST safe to retry: the same key and request within 24 hours replay the first answer.",
        }),
    );
    this.registry.register("Error", errorBodySchema);
    for (const response of Object.values(errorResponses)) {
      this.registry.registerComponent("responses", response.name, {
        description: response.description,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      });
    }
  }

  /** Generated on first use, once every route module has registered its paths. */
  document(): OpenApiDocument {
    this.#document ??= new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: "3.1.0",
      info: {
        title: "GuestGraph API",
        version: "1",
        description:
          "Guest customers resolved from Stripe guest payments. Stripe's conventions: JSON objects with `id` and `object`, " +
          "list objects with cursor pagination, one error shape, `Stripe-Account` and `Idempotency-Key` headers.",
      },
      security: [{ [bearerAuth]: [] }],
    });
    return this.#document;
  }
}

export function errorResponseRef(status: keyof typeof errorResponses): { $ref: string } {
  return { $ref: `#/components/responses/${errorResponses[status].name}` };
}
