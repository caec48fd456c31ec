import { z } from "zod";
import { pageOf } from "../../domain/page.ts";
import type { Database } from "../../graph/database.ts";
import { findCurrentGuest } from "../../views/find-current-guest.ts";
import { getGuestView } from "../../views/get-guest-view.ts";
import { guestIdentifiers, guestLinks } from "../../views/guest-links.ts";
import { listGuestPayments } from "../../views/list-guest-payments.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { resourceMissing } from "../errors.ts";
import { listObject, listObjectSchema, listQuerySchema } from "../pagination.ts";
import {
  guestIdentifierSchema,
  guestViewSchema,
  linkedGuestSchema,
  relatedCustomerSchema,
} from "../schemas/guest-view-schemas.ts";
import { paymentSchema } from "../schemas/payment-schemas.ts";

/** GET /v1/guests/:id (the guest view) and GET /v1/guests/:id/payments (all its payments). The list of guests is guest-list.ts. */
export function guestRoutes(db: Database): ApiRoutes {
  const routes = apiRoutes();
  const guestId = z.object({
    id: z
      .string()
      .min(1)
      .max(255)
      .meta({ description: "The guest's id; a retired guest's id leads to the guest that took it over." }),
  });

  routes.add(
    {
      method: "get",
      path: "/guests/:id",
      role: "reader",
      tags: ["guests"],
      summary: "Retrieve a guest",
      description:
        "The guest view: every email, phone and card the guest used, its latest payments, totals per currency, and the registered " +
        "customers and other guests it shares an identifier with. The id of a guest retired by a late payment answers with the guest " +
        "that holds its founding payment now, naming the id asked in `redirected_from`.",
      params: guestId,
      response: guestViewSchema,
    },
    async ({ params, context }) => {
      const view = await getGuestView(db, context.account, params.id);
      if (!view) throw noSuchGuest(params.id);
      return view;
    },
  );

  routes.add(
    {
      method: "get",
      path: "/guests/:id/payments",
      role: "reader",
      tags: ["guests"],
      summary: "List a guest's payments",
      description:
        "All payments of the guest, newest first. `starting_after` / `ending_before` take a payment id of this guest. A retired guest's id " +
        "lists the payments of the guest that took it over (the list's `url` names that guest). `explanation` is null in lists.",
      params: guestId,
      query: listQuerySchema(),
      response: listObjectSchema(paymentSchema),
    },
    async ({ params, query, context }) => {
      const guest = await findCurrentGuest(db, context.account, params.id);
      if (!guest) throw noSuchGuest(params.id);
      return listObject(`/v1/guests/${encodeURIComponent(guest.id)}/payments`, query, (page) =>
        listGuestPayments(db, context.account, guest.id, page),
      );
    },
  );

  routes.add(
    {
      method: "get",
      path: "/guests/:id/identifiers",
      role: "reader",
      tags: ["guests"],
      summary: "List a guest's identifiers",
      description:
        "Every email, phone and card the guest's newest 2,000 payments used (the view's `truncated.payments` says when that is not all " +
        "of them), most used first, with the guest's own uses and the account's. `starting_after` / `ending_before` take an identifier's id (card:…).",
      params: guestId,
      query: listQuerySchema(),
      response: listObjectSchema(guestIdentifierSchema),
    },
    async ({ params, query, context }) => {
      const guest = await findCurrentGuest(db, context.account, params.id);
      if (!guest) throw noSuchGuest(params.id);
      const identifiers = await guestIdentifiers(db, context.account, guest.id);
      return listObject(`/v1/guests/${encodeURIComponent(guest.id)}/identifiers`, query, pageOf(identifiers));
    },
  );

  const linksDescription =
    "Most shared first (shared identifiers, then payments using them). Bounded like the view's: the guest's 100 most used identifiers, " +
    "each read for 1,000 payments (the view's `truncated` names the identifiers read in part). Cursors take their ids.";
  const linksOf = async (account: string, id: string) => {
    const guest = await findCurrentGuest(db, account, id);
    if (!guest) throw noSuchGuest(id);
    return {
      url: `/v1/guests/${encodeURIComponent(guest.id)}`,
      links: await guestLinks(db, account, guest.id),
    };
  };

  routes.add(
    {
      method: "get",
      path: "/guests/:id/linked_guests",
      role: "reader",
      tags: ["guests"],
      summary: "List the guests linked to a guest",
      description: linksDescription,
      params: guestId,
      query: listQuerySchema(),
      response: listObjectSchema(linkedGuestSchema),
    },
    async ({ params, query, context }) => {
      const { url, links } = await linksOf(context.account, params.id);
      return listObject(`${url}/linked_guests`, query, pageOf(links.linkedGuests));
    },
  );

  routes.add(
    {
      method: "get",
      path: "/guests/:id/related_customers",
      role: "reader",
      tags: ["guests"],
      summary: "List the registered customers related to a guest",
      description: linksDescription,
      params: guestId,
      query: listQuerySchema(),
      response: listObjectSchema(relatedCustomerSchema),
    },
    async ({ params, query, context }) => {
      const { url, links } = await linksOf(context.account, params.id);
      return listObject(`${url}/related_customers`, query, pageOf(links.relatedCustomers));
    },
  );

  return routes;
}

function noSuchGuest(id: string) {
  return resourceMissing(`No such guest: '${id}'`, "id");
}
