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
    name: "Conflict",
    description:
      "A request with the same Idempotency-Key is still running (idempotency_key_in_use), or a payment contradicts a stored copy of it on amount, currency or created (payment_conflict).",
  },
  413: { name: "BodyTooLarge", description: "The request body is over the size limit." },
  415: { name: "UnsupportedContentType", description: "The request body is not JSON." },
  500: { name: "ServerError", description: "An unexpected error on GuestGraph's side (logged)." },
} as const;

export class ApiDocs {
  readonly registry = new OpenAPIRegistry();
  #document: OpenApiDocument | undefined;

  constructor() {
    // Raw components rather than zod ones: zod-to-openapi's own registration needs `extendZodWithOpenApi`,
    // which only reaches schemas created after it runs; these need no such ordering.
    this.registry.registerComponent("securitySchemes", bearerAuth, {
      type: "http",
      scheme: "bearer",
      description:
        "An API key from GUESTGRAPH_API_KEYS (or the local admin key printed at start-up): `Authorization: Bearer <key>`.",
    });
    this.registry.registerComponent("parameters", "StripeAccount", {
      name: "Stripe-Account",
      in: "header",
      required: false,
      description:
        "The merchant account to act for; GUESTGRAPH_DEFAULT_ACCOUNT when absent. A key limited to some accounts gets 403 account_forbidden for any other.",
      schema: { type: "string", pattern: accountIdPattern.source, example: "acct_1Nv0FGQ9RKHgCVdK" },
    });
    this.registry.registerComponent("parameters", "IdempotencyKey", {
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Makes a POST safe to retry: the same key and request within 24 hours replay the first answer.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
    const { $schema: _dialect, ...errorSchema } = z.toJSONSchema(errorBodySchema);
    this.registry.registerComponent("schemas", "Error", errorSchema as Record<string, unknown>);
    for (const response of Object.values(errorResponses)) {
      this.registry.registerComponent("responses", response.name, {
        description: response.description,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      });
    }
  }

  /** Generated on first use, once every route module has registered its paths. */
  document(): OpenApiDocument {
    this.#document ??= bracketQueryObjects(
      new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
        openapi: "3.1.0",
        info: {
          title: "GuestGraph API",
          version: "1",
          description:
            "Guest customers resolved from Stripe guest payments. Stripe's conventions: JSON objects with `id` and `object`, " +
            "list objects with cursor pagination, one error shape, `Stripe-Account` and `Idempotency-Key` headers.",
        },
        security: [{ [bearerAuth]: [] }],
      }),
    );
    return this.#document;
  }
}

/**
 * A nested query parameter arrives in bracket form (`last_payment[gte]=…`, Express's extended parser),
 * which OpenAPI calls style deepObject; without it, clients and Swagger UI would send `gte=…` alone.
 */
function bracketQueryObjects(document: OpenApiDocument): OpenApiDocument {
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem ?? {})) {
      const parameters = (operation as { parameters?: unknown } | undefined)?.parameters;
      if (!Array.isArray(parameters)) continue;
      for (const parameter of parameters as Array<{
        in?: string;
        schema?: { type?: unknown };
        style?: string;
        explode?: boolean;
      }>) {
        if (parameter.in === "query" && parameter.schema?.type === "object") {
          parameter.style = "deepObject";
          parameter.explode = true;
        }
      }
    }
  }
  return document;
}

/** Header parameters, for a route's `parameters`. */
export const stripeAccountHeader = { $ref: "#/components/parameters/StripeAccount" };
export const idempotencyKeyHeader = { $ref: "#/components/parameters/IdempotencyKey" };

export function errorResponseRef(status: keyof typeof errorResponses): { $ref: string } {
  return { $ref: `#/components/responses/${errorResponses[status].name}` };
}
