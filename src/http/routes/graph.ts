import { z } from "zod";
import { nodeId } from "../../domain/link-graph.ts";
import type { Database } from "../../graph/database.ts";
import { findGraphNode, getNeighbourhood, getPaths } from "../../views/link-analysis.ts";
import { type ApiRoutes, apiRoutes } from "../api-routes.ts";
import { resourceMissing } from "../errors.ts";
import { neighbourhoodSchema, pathSchema } from "../schemas/graph-schemas.ts";

/** GET /v1/graph/neighborhood and GET /v1/graph/path: link analysis for investigators. */

const nodeIdParam = (description: string) =>
  z.string().min(1).max(1024).meta({ description, example: "gst_4fQ2k9XbT1mZr8LwP0sVh3Ya" });

const neighbourhoodQuery = z.strictObject({
  node: nodeIdParam(
    "Where to start: gst_… (guest), cus_… (customer), a payment id, email:…, phone:… (any spelling) or card:… (fingerprint).",
  ),
  depth: z.coerce
    .number()
    .int()
    .min(1)
    .max(4)
    .default(1)
    .meta({ description: "Hops from the node, 1 to 4." }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(200)
    .meta({ description: "Nodes in the answer at most, 1 to 1000 (the start included)." }),
});

const pathQuery = z.strictObject({
  from: nodeIdParam("One end: any node id, as for `node`."),
  to: nodeIdParam("The other end."),
  max_depth: z.coerce.number().int().min(1).max(8).default(4).meta({ description: "Hops at most, 1 to 8." }),
});

export function graphRoutes(db: Database): ApiRoutes {
  const routes = apiRoutes();
  const findOr404 = async (account: string, id: string, param: string) => {
    const node = await findGraphNode(db, account, id);
    if (!node) throw resourceMissing(`No such node: '${id}'`, param);
    return node;
  };

  routes.add(
    {
      method: "get",
      path: "/graph/neighborhood",
      role: "investigator",
      tags: ["link analysis"],
      summary: "The neighbourhood of a node",
      description:
        "The subgraph within `depth` hops of a guest, registered customer, payment, email, phone or card: guests and customers are linked to the " +
        "identifiers their payments used, a payment to its identifiers and its guest or customer. Bounded on shared identifiers: each node reads at " +
        "most its 1,000 newest payments and keeps its 50 strongest neighbours, and the whole search has a 3 s server-side time budget; `truncated` " +
        "says what was cut and where.",
      query: neighbourhoodQuery,
      response: neighbourhoodSchema,
    },
    async ({ query, context }) => {
      const start = await findOr404(context.account, query.node, "node");
      return getNeighbourhood(db, context.account, start, { depth: query.depth, limit: query.limit });
    },
  );

  routes.add(
    {
      method: "get",
      path: "/graph/path",
      role: "investigator",
      tags: ["link analysis"],
      summary: "The shortest paths between two nodes",
      description:
        "The shortest link paths (up to 10) between two nodes of the neighbourhood graph, of at most `max_depth` hops. When there is none, " +
        "`found` is false and nodes, edges and paths are empty; `truncated` then says whether a path could hide in what was cut.",
      query: pathQuery,
      response: pathSchema,
    },
    async ({ query, context }) => {
      const from = await findOr404(context.account, query.from, "from");
      const to = await findOr404(context.account, query.to, "to");
      const answer = await getPaths(db, context.account, from, to, { maxDepth: query.max_depth });
      // The ends as node ids (a phone typed in any spelling comes back as phone:+1…), ready to be fed back.
      return { ...answer, from: nodeId(from), to: nodeId(to) };
    },
  );

  return routes;
}
