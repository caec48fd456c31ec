import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { Role } from "../config/api-keys.ts";
import { noteAuditedAnswer, noteAuditedRoute } from "./audit.ts";
import { type RequestContext, requestContext, requireRole } from "./auth.ts";
import { cardNumberInUrl } from "./card-numbers-in-url.ts";
import { ApiError } from "./errors.ts";
import { idempotentWrite } from "./idempotency.ts";
import { type ApiDocs, errorResponseRef, idempotencyKeyHeader, stripeAccountHeader } from "./openapi.ts";
import { noteRoute } from "./request-log.ts";
import { parseBody, parsePathParams, parseQuery } from "./validation.ts";

/**
 * Declares /v1 routes in one place each: the role it needs, the schemas of its path parameters, query,
 * body and answer, and the handler. From that one declaration come the permission check, the
 * validation (a 400 naming the field), the JSON answer and the route's entry in the OpenAPI document.
 *
 *   const routes = apiRoutes();
 *   routes.add(
 *     { method: "get", path: "/guests", role: "reader", summary: "List guests", query: listQuerySchema(), response: listObjectSchema(guest) },
 *     async ({ query, context, req }) => listObject(listUrl(req), query, (page) => guests.list(context.account, page)),
 *   );
 *   createApp({ ..., routes: [routes] });
 */

export type HttpMethod = "get" | "post" | "delete";

export interface RouteSpec<
  Params extends z.ZodObject | undefined,
  Query extends z.ZodObject | undefined,
  Body extends z.ZodType | undefined,
  Answer extends z.ZodType,
> {
  method: HttpMethod;
  /** Below /v1, in Express's form: "/guests/:id". */
  path: string;
  role: Role;
  summary: string;
  description?: string;
  tags?: string[];
  params?: Params;
  /** Without one, any query parameter is refused as unknown. Use z.strictObject (or listQuerySchema). */
  query?: Query;
  body?: Body;
  response: Answer;
  /** The success status: 200 unless given. */
  status?: 200 | 201 | 202;
  responseDescription?: string;
  /**
   * Every route is audited (audit.ts): who called it, when, from where, and the objects its path names and
   * its answer shows. `action` names what it does in the trail; by default it comes from the method and
   * path (GET /guests/:id → guests.retrieve, POST /erasures → erasures.create).
   */
  audit?: { action: string };
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<Params, Query, Body> {
  params: Parsed<Params>;
  query: Parsed<Query>;
  body: Parsed<Body>;
  context: RequestContext;
  req: Request;
  res: Response;
}

/** Returns the answer's body; the builder sends it as JSON with the route's status. */
export type RouteHandler<Params, Query, Body, Answer extends z.ZodType> = (
  input: RouteInput<Params, Query, Body>,
) => Promise<z.input<Answer>>;

/** What createApp mounts under /v1. A plain Express router fits too: `{ router }`. */
export interface ApiRoutes {
  router: Router;
  /** Adds these routes to the OpenAPI document. */
  document?(docs: ApiDocs): void;
  /** Methods by Express path, so that a known path asked with another method answers 405. */
  methods?: ReadonlyMap<string, ReadonlySet<HttpMethod>>;
}

const noQuery = z.strictObject({});

export interface ApiRouteBuilder extends ApiRoutes {
  add<
    Params extends z.ZodObject | undefined = undefined,
    Query extends z.ZodObject | undefined = undefined,
    Body extends z.ZodType | undefined = undefined,
    Answer extends z.ZodType = z.ZodType,
  >(spec: RouteSpec<Params, Query, Body, Answer>, handler: RouteHandler<Params, Query, Body, Answer>): void;
}

export function apiRoutes(): ApiRouteBuilder {
  const router = Router();
  const specs: RouteSpec<
    z.ZodObject | undefined,
    z.ZodObject | undefined,
    z.ZodType | undefined,
    z.ZodType
  >[] = [];
  const methods = new Map<string, Set<HttpMethod>>();

  function add<
    Params extends z.ZodObject | undefined,
    Query extends z.ZodObject | undefined,
    Body extends z.ZodType | undefined,
    Answer extends z.ZodType,
  >(spec: RouteSpec<Params, Query, Body, Answer>, handler: RouteHandler<Params, Query, Body, Answer>): void {
    specs.push(spec);
    methods.set(spec.path, (methods.get(spec.path) ?? new Set()).add(spec.method));
    const pattern = `/v1${spec.path}`;
    router[spec.method](
      spec.path,
      (req, _res, next) => {
        noteRoute(req, pattern);
        noteAuditedRoute(req, spec.method, spec.path, spec.audit?.action);
        next();
      },
      requireRole(spec.role),
      idempotentWrite,
      async (req, res) => {
        const cardNumber = cardNumberInUrl(req, req.params as Record<string, string>);
        if (cardNumber) throw cardNumber;
        const input = {
          params: spec.params ? parsePathParams(spec.params, req) : undefined,
          query: parseQuery(spec.query ?? noQuery, req),
          body: spec.body && spec.method !== "get" ? parseBody(spec.body, req) : undefined,
          context: requestContext(req),
          req,
          res,
        } as RouteInput<Params, Query, Body>;
        const answer = await handler(input);
        noteAuditedAnswer(req, answer);
        if (!res.headersSent) res.status(spec.status ?? 200).json(answer);
      },
    );
  }

  return {
    router,
    methods,
    add,
    document(docs) {
      for (const spec of specs) documentRoute(docs, spec);
    },
  };
}

function documentRoute(
  docs: ApiDocs,
  spec: RouteSpec<z.ZodObject | undefined, z.ZodObject | undefined, z.ZodType | undefined, z.ZodType>,
): void {
  const writes = spec.method === "post";
  docs.registry.registerPath({
    method: spec.method,
    path: `/v1${spec.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    "x-guestgraph-role": spec.role,
    parameters: writes ? [stripeAccountHeader, idempotencyKeyHeader] : [stripeAccountHeader],
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body && writes
        ? { body: { required: true, content: { "application/json": { schema: spec.body } } } }
        : {}),
    },
    responses: {
      [spec.status ?? 200]: {
        description: spec.responseDescription ?? "Success",
        content: { "application/json": { schema: spec.response } },
      },
      400: errorResponseRef(400),
      401: errorResponseRef(401),
      403: errorResponseRef(403),
      404: errorResponseRef(404),
      ...(writes
        ? { 409: errorResponseRef(409), 413: errorResponseRef(413), 415: errorResponseRef(415) }
        : {}),
      500: errorResponseRef(500),
    },
  });
}

/**
 * After every router: a known path asked with a method it does not take answers 405 with `Allow`,
 * rather than the 404 of an unknown URL.
 */
export function methodNotAllowed(routes: readonly ApiRoutes[]): Router {
  const allowed = new Map<string, Set<HttpMethod>>();
  for (const { methods } of routes) {
    for (const [path, verbs] of methods ?? []) {
      const set = allowed.get(path) ?? new Set<HttpMethod>();
      for (const verb of verbs) set.add(verb);
      allowed.set(path, set);
    }
  }
  const router = Router();
  for (const [path, verbs] of allowed) {
    const allow = [...verbs].map((verb) => verb.toUpperCase()).join(", ");
    router.all(path, (req) => {
      throw new ApiError(
        405,
        "invalid_request_error",
        "method_not_allowed",
        `${req.method} is not allowed on this URL; it takes ${allow}.`,
        {
          headers: { Allow: allow },
        },
      );
    });
  }
  return router;
}
