import { z } from "zod";
import type { Database } from "../../graph/database.ts";
import { findCurrentGuest } from "../../views/find-current-guest.ts";
import { getGuestView } from "../../views/get-guest-view.ts";
import { listGuestPayments } from "../../views/list-guest-payments.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { resourceMissing } from "../errors.ts";
import { listObject, listObjectSchema, listQuerySchema } from "../pagination.ts";
import { guestViewSchema } from "../schemas/guest-view-schemas.ts";
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

  return routes;
}

function noSuchGuest(id: string) {
  return resourceMissing(`No such guest: '${id}'`, "id");
}
