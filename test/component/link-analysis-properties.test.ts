import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { IdentifierType } from "../../src/domain/link-graph.ts";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { findIdentifier, getIdentifierReport, identifierUsers } from "../../src/views/get-identifier.ts";
import { guestLinks } from "../../src/views/guest-links.ts";
import { findGraphNode, getNeighbourhood, getPaths } from "../../src/views/link-analysis.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom, referenceIdentifiers } from "../support/payment-factory.ts";
import { referenceFounders } from "../support/reference-model.ts";

/**
 * Link analysis against a reference over generated histories: the guests come from the reference model
 * (one chronological pass of the guest rule), the link graph is built from them by hand (each guest or
 * customer joined to every identifier its payments used), and plain breadth-first searches over it say
 * what every neighbourhood and every shortest path must be. Small graphs: nothing is ever cut.
 */

const db = openTestDatabase();
afterAll(() => db.close());

const sketchArbitrary = fc.record({
  created: fc.integer({ min: 1, max: 400 }),
  emails: fc.subarray(["a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test"], { maxLength: 2 }),
  phones: fc.subarray(["+14155550101", "+14155550102", "+14155550103"], { maxLength: 1 }),
  cards: fc.subarray(["FP_1", "FP_2", "FP_3"], { maxLength: 1 }),
  customer: fc.option(fc.constantFrom("cus_A", "cus_B"), { freq: 5, nil: null }),
});

const historyArbitrary = fc
  .array(sketchArbitrary, { minLength: 1, maxLength: 14 })
  .map((sketches) =>
    sketches
      .filter((sketch) => sketch.emails.length + sketch.phones.length + sketch.cards.length > 0)
      .map((sketch, index): PaymentSketch => ({ ...sketch, id: `ch_${index}` })),
  )
  .filter((sketches) => sketches.length > 0);

/** The link graph by hand: actor (gst_… or cus_…) → identifier (email:… …) → payments using it. */
function referenceGraph(account: string, sketches: PaymentSketch[]): Map<string, Map<string, number>> {
  const founders = referenceFounders(
    sketches.map((sketch) => ({
      id: sketch.id,
      created: sketch.created,
      customer: sketch.customer ?? null,
      identifiers: referenceIdentifiers(sketch),
    })),
  );
  const adjacency = new Map<string, Map<string, number>>();
  const link = (from: string, to: string) => {
    const links = adjacency.get(from) ?? new Map<string, number>();
    links.set(to, (links.get(to) ?? 0) + 1);
    adjacency.set(from, links);
  };
  for (const sketch of sketches) {
    const actor = sketch.customer ?? guestIdFor(account, founders.get(sketch.id) as string);
    for (const identifier of referenceIdentifiers(sketch)) {
      link(actor, identifier);
      link(identifier, actor);
    }
  }
  return adjacency;
}

function distancesFrom(graph: Map<string, Map<string, number>>, start: string): Map<string, number> {
  const distance = new Map([[start, 0]]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const neighbour of graph.get(node)?.keys() ?? []) {
        if (!distance.has(neighbour)) {
          distance.set(neighbour, (distance.get(node) as number) + 1);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
  }
  return distance;
}

/** Each payment's owner: its guest (by the reference model) or its registered customer. */
function ownersOf(account: string, sketches: PaymentSketch[]): Map<string, string> {
  const founders = referenceFounders(
    sketches.map((sketch) => ({
      id: sketch.id,
      created: sketch.created,
      customer: sketch.customer ?? null,
      identifiers: referenceIdentifiers(sketch),
    })),
  );
  return new Map(
    sketches.map((sketch) => [
      sketch.id,
      sketch.customer ?? guestIdFor(account, founders.get(sketch.id) as string),
    ]),
  );
}

async function seeded(
  sketches: PaymentSketch[],
): Promise<{ account: string; graph: Map<string, Map<string, number>> }> {
  const account = uniqueAccount();
  await ingestPayments(
    db,
    account,
    sketches.map((sketch) => paymentFrom(account, sketch)),
  );
  return { account, graph: referenceGraph(account, sketches) };
}

describe("link analysis against the reference graph", () => {
  it("when any node's neighbourhood is asked at any depth, then it holds exactly the nodes within that many hops, with every edge between them and its payment count", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        async (sketches, pick, depth) => {
          const { account, graph } = await seeded(sketches);
          const nodes = [...graph.keys()].sort();
          const startId = nodes[pick % nodes.length] as string;
          const start = await findGraphNode(db, account, startId);
          expect(start, startId).not.toBeNull();

          const answer = await getNeighbourhood(db, account, start as NonNullable<typeof start>, {
            depth,
            limit: 1000,
          });

          const expected = [...distancesFrom(graph, startId)].filter(([, distance]) => distance <= depth);
          expect(answer.nodes.map((node) => [node.id, node.data.depth]).sort()).toEqual(expected.sort());
          const inside = new Set(expected.map(([id]) => id));
          const expectedEdges = [...graph]
            .filter(([actor]) => actor.startsWith("gst_") || actor.startsWith("cus_"))
            .flatMap(([actor, links]) =>
              [...links]
                .filter(([identifier]) => inside.has(actor) && inside.has(identifier))
                .map(([identifier, count]) => `${actor}->${identifier}:${count}`),
            );
          expect(
            answer.edges.map((edge) => `${edge.source}->${edge.target}:${edge.data.payment_count}`).sort(),
          ).toEqual(expectedEdges.sort());
          expect(answer.truncated.any).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);

  it("when the path between any two nodes is asked, then its length is their distance (none beyond max_depth), and every path given is a chain of real links that long", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 8 }),
        async (sketches, a, b, maxDepth) => {
          const { account, graph } = await seeded(sketches);
          const nodes = [...graph.keys()].sort();
          const fromId = nodes[a % nodes.length] as string;
          const toId = nodes[b % nodes.length] as string;
          const from = await findGraphNode(db, account, fromId);
          const to = await findGraphNode(db, account, toId);

          const answer = await getPaths(
            db,
            account,
            from as NonNullable<typeof from>,
            to as NonNullable<typeof to>,
            {
              maxDepth,
            },
          );

          const distance = distancesFrom(graph, fromId).get(toId);
          const expected = distance !== undefined && distance <= maxDepth ? distance : null;
          expect(answer.length).toBe(expected);
          expect(answer.found).toBe(expected !== null);
          if (expected === null) expect(answer.paths).toEqual([]);
          for (const path of answer.paths) {
            expect(path.nodes[0]).toBe(fromId);
            expect(path.nodes.at(-1)).toBe(toId);
            expect(path.nodes).toHaveLength((expected as number) + 1);
            path.nodes.slice(1).forEach((node, index) => {
              expect(
                graph.get(path.nodes[index] as string)?.has(node),
                `${path.nodes[index]} — ${node}`,
              ).toBe(true);
            });
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);

  it("when any identifier's history is asked, then its counts and its guests and customers, most recent use first, are the reference's", async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, fc.nat(), async (sketches, pick) => {
        const { account, graph } = await seeded(sketches);
        const owners = ownersOf(account, sketches);
        const identifiers = [...graph.keys()]
          .filter((id) => !id.startsWith("gst_") && !id.startsWith("cus_"))
          .sort();
        const chosen = identifiers[pick % identifiers.length] as string;
        const [type, ...rest] = chosen.split(":");
        const value = rest.join(":");
        const using = sketches.filter((sketch) => referenceIdentifiers(sketch).includes(chosen));

        const found = await findIdentifier(db, account, type as IdentifierType, value);
        const report = await getIdentifierReport(db, account, found as NonNullable<typeof found>, 1_000);
        const users = async (kind: "guest" | "customer") =>
          (await identifierUsers(
            db,
            account,
            found as NonNullable<typeof found>,
            kind,
          )({ take: 100, cursor: null })) ?? [];

        expect(report.payment_count).toBe(using.length);
        expect(report.counts.payments).toBe(using.length);
        expect(report.first_used).toBe(Math.min(...using.map((sketch) => sketch.created)));
        expect(report.last_used).toBe(Math.max(...using.map((sketch) => sketch.created)));
        const distinct = (prefix: string) =>
          new Set(
            using.flatMap((sketch) => referenceIdentifiers(sketch).filter((id) => id.startsWith(prefix))),
          ).size;
        expect([report.counts.emails, report.counts.phones, report.counts.cards]).toEqual([
          distinct("email:"),
          distinct("phone:"),
          distinct("card:"),
        ]);
        for (const kind of ["guest", "customer"] as const) {
          const expected = new Map<string, { count: number; last: number }>();
          for (const sketch of using) {
            if ((sketch.customer ? "customer" : "guest") !== kind) continue;
            const owner = owners.get(sketch.id) as string;
            const entry = expected.get(owner) ?? { count: 0, last: 0 };
            expected.set(owner, { count: entry.count + 1, last: Math.max(entry.last, sketch.created) });
          }
          const ordered = [...expected].sort(([a, x], [b, y]) => y.last - x.last || (a < b ? -1 : 1));
          expect((await users(kind)).map((user) => [user.id, user.payment_count, user.last_used])).toEqual(
            ordered.map(([id, entry]) => [id, entry.count, entry.last]),
          );
        }
        expect(report.truncated.any).toBe(false);
      }),
      { numRuns: 25 },
    );
  }, 240_000);

  it("when any guest's links are asked, then its linked guests and related customers are the reference's, with what they share", async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, fc.nat(), async (sketches, pick) => {
        const { account, graph } = await seeded(sketches);
        const owners = ownersOf(account, sketches);
        const guests = [...graph.keys()].filter((id) => id.startsWith("gst_")).sort();
        fc.pre(guests.length > 0);
        const guest = guests[pick % guests.length] as string;
        const own = new Set(graph.get(guest)?.keys());

        const links = await guestLinks(db, account, guest);

        const expected = new Map<string, { shared: Set<string>; payments: number }>();
        for (const sketch of sketches) {
          const owner = owners.get(sketch.id) as string;
          if (owner === guest) continue;
          const shared = referenceIdentifiers(sketch).filter((id) => own.has(id));
          if (shared.length === 0) continue;
          const entry = expected.get(owner) ?? { shared: new Set<string>(), payments: 0 };
          for (const id of shared) entry.shared.add(id);
          expected.set(owner, { shared: entry.shared, payments: entry.payments + 1 });
        }
        const actual = [
          ...links.linkedGuests.map(
            (link) => [link.id, link.identifiers, link.shared_payment_count] as const,
          ),
          ...links.relatedCustomers.map(
            (link) => [link.id, link.identifiers, link.shared_payment_count] as const,
          ),
        ].map(([id, identifiers, payments]) => [
          id,
          identifiers.map((i) => `${i.type}:${i.value}`).sort(),
          payments,
        ]);
        expect(actual.sort()).toEqual(
          [...expected].map(([id, entry]) => [id, [...entry.shared].sort(), entry.payments]).sort(),
        );
        expect(links.hubs).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});
