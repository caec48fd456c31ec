import { randomBytes } from "node:crypto";
import type { Request, RequestHandler } from "express";
import {
  type AuditObject,
  answerObjects,
  defaultAction,
  maxObjects,
  pathObject,
} from "../domain/audit-event.ts";
import { maskCardNumbers } from "../domain/card-number-guard.ts";
import type { AuditTrail } from "../graph/audit-trail.ts";
import { findRequestContext } from "./auth.ts";
import { requestIdOf, routeOf } from "./request-log.ts";

/**
 * Every /v1 request that reached a route is audited, with nothing for a route's author to do: routes.add
 * notes the route's action (declared as `audit: {action}`, else derived from its method and path) and,
 * once the handler answers, the objects the answer shows; this middleware, mounted after authenticate,
 * records the event when the response is finished — refused ones (403, 404) included, since a denied
 * look is as telling as an allowed one. Requests without a valid key are not audited (no key id to name).
 */

export interface AuditNote {
  action: string;
  objects: AuditObject[];
}

const notes = new WeakMap<Request, AuditNote>();

/** Called by routes.add as the route starts: its action and the object its path names. */
export function noteAuditedRoute(req: Request, method: string, path: string, action?: string): void {
  const named = pathObject(path, req.params as Record<string, unknown>);
  // Noted before the route refuses a card number in its path (card-numbers-in-url.ts): never stored as sent.
  const target = named ? { ...named, id: maskCardNumbers(named.id) } : null;
  notes.set(req, { action: action ?? defaultAction(method, path), objects: target ? [target] : [] });
}

/** Called by routes.add with the handler's answer: the objects it shows join the event. */
export function noteAuditedAnswer(req: Request, answer: unknown): void {
  const note = notes.get(req);
  if (!note) return;
  const known = new Set(note.objects.map((object) => `${object.object}\u0000${object.id}`));
  for (const object of answerObjects(answer)) {
    if (!known.has(`${object.object}\u0000${object.id}`)) note.objects.push(object);
  }
}

export function auditRequests(trail: AuditTrail): RequestHandler {
  return (req, res, next) => {
    res.on("finish", () => {
      const context = findRequestContext(req);
      const note = notes.get(req);
      const route = routeOf(req);
      if (!context || (!note && !route)) return;
      const objects = note?.objects ?? [];
      trail.record({
        id: `ae_${randomBytes(12).toString("base64url")}`,
        account: context.account,
        createdMs: Date.now(),
        keyId: context.keyId,
        role: context.role,
        sourceIp: req.ip ?? null,
        requestId: requestIdOf(req) ?? null,
        action: note?.action ?? defaultAction(req.method, (route ?? req.path).replace(/^\/v1/, "")),
        method: req.method,
        route: route ?? "",
        status: res.statusCode,
        objects: objects.slice(0, maxObjects),
        objectsTruncated: objects.length > maxObjects,
      });
    });
    next();
  };
}

/**
 * Stripe's webhook deliveries carry no API key (the signature authenticates them), so they are recorded
 * here, as ingests by `stripe_webhook`: the account and the payment from the answer (the receipt), or, for a
 * delivery refused before its account is known (a bad signature), the default account — a forged delivery
 * is worth a line in the trail too.
 */
export function auditWebhooks(trail: AuditTrail, defaultAccount: string): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST") {
      next();
      return;
    }
    let receipt: { account?: unknown; payment?: unknown; id?: unknown } = {};
    const sendJson = res.json.bind(res);
    res.json = (body: unknown) => {
      if (body && typeof body === "object") receipt = body as typeof receipt;
      return sendJson(body);
    };
    res.on("finish", () => {
      const objects: AuditObject[] = [];
      if (typeof receipt.payment === "string") objects.push({ object: "payment", id: receipt.payment });
      if (typeof receipt.id === "string") objects.push({ object: "event", id: receipt.id });
      trail.record({
        id: `ae_${randomBytes(12).toString("base64url")}`,
        account: typeof receipt.account === "string" ? receipt.account : defaultAccount,
        createdMs: Date.now(),
        keyId: "stripe_webhook",
        role: "webhook",
        sourceIp: req.ip ?? null,
        requestId: requestIdOf(req) ?? null,
        action: "webhooks.stripe.create",
        method: req.method,
        route: req.originalUrl.split("?")[0] ?? "",
        status: res.statusCode,
        objects,
        objectsTruncated: false,
      });
    });
    next();
  };
}
