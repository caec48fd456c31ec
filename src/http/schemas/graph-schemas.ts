import { z } from "zod";

/**
 * The link-analysis answers of GET /v1/graph/neighborhood and GET /v1/graph/path: `{object: "graph",
 * nodes, edges, truncated}`, nodes and edges as Cytoscape.js takes them (each element's `data` repeats
 * its id, and an edge's source and target).
 */

export const nodeTypeSchema = z
  .enum(["guest", "customer", "payment", "email", "phone", "card"])
  .meta({ id: "GraphNodeType" });

export const graphNodeSchema = z
  .object({
    id: z.string().meta({
      description:
        "Typed, and accepted back as `node`, `from` or `to`: gst_… (guest), cus_… (customer), email:…, phone:…, card:… (fingerprint), a payment's id.",
      example: "card:Xt5EWLLDS7FJjR1c",
    }),
    type: nodeTypeSchema,
    label: z
      .string()
      .meta({ description: "What to print on the node: a guest's primary email, a card's brand and last4…" }),
    data: z.record(z.string(), z.unknown()).meta({
      description:
        "id, type, label and depth (hops from the start) again, and the node's details: a guest's guest-list row, a payment's amount, status and dispute, an identifier's payment_count.",
    }),
  })
  .meta({ id: "GraphNode" });

export const graphEdgeSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    type: z.enum(["used", "has_email", "has_phone", "has_card", "belongs_to", "made_by"]).meta({
      description:
        "used: a guest or customer → an identifier its payments used (data: payment_count, first_seen, last_seen among the payments read); has_*: a payment → its identifier; belongs_to: a payment → its guest; made_by: a payment → its customer.",
    }),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "GraphEdge" });

export const truncationSchema = z
  .object({
    any: z.boolean().meta({ description: "Whether anything was left out." }),
    limit: z.boolean().meta({ description: "The node limit was reached." }),
    timeout: z.boolean().meta({ description: "The time budget ran out: deeper hops were not explored." }),
    at: z
      .array(
        z.object({
          node: z.string(),
          depth: z.int(),
          what: z.enum(["neighbors", "payments"]).meta({
            description:
              "neighbors: only `kept` of the node's `total` neighbours are in the graph; payments: only the newest `kept` of its `total` payments were read.",
          }),
          kept: z.int(),
          total: z.int(),
        }),
      )
      .meta({ description: "Where and what was cut." }),
  })
  .meta({ id: "GraphTruncation" });

const graphShape = {
  object: z.literal("graph"),
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  truncated: truncationSchema,
};

export const neighbourhoodSchema = z
  .object({ ...graphShape, node: z.string(), depth: z.int(), limit: z.int() })
  .meta({ id: "GraphNeighborhood" });

export const pathSchema = z
  .object({
    ...graphShape,
    from: z.string().meta({ description: "The node `from` named, as its node id." }),
    to: z.string().meta({ description: "The node `to` named, as its node id." }),
    max_depth: z.int(),
    found: z
      .boolean()
      .meta({ description: "Whether a path exists within max_depth (in what was read: see truncated)." }),
    length: z.int().nullable().meta({ description: "Hops of the shortest paths; null when none was found." }),
    paths: z.array(z.object({ nodes: z.array(z.string()), edges: z.array(z.string()) })).meta({
      description:
        "Each shortest path (up to 10) as node ids from `from` to `to` and the edge ids between them.",
    }),
  })
  .meta({ id: "GraphPath" });
