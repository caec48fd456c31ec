import { type SummaryPayment, summarise } from "../domain/guest-summary.ts";
import type { PaymentStatus } from "../domain/payment.ts";
import { type Component, componentsOf, type GuestRingFacts, type RingGuest } from "../domain/rings.ts";
import { radarDistinctBound, radarSignals, radarWindowCap } from "../domain/risk.ts";
import type { Database } from "../graph/database.ts";
import { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import {
  type GuestUseCount,
  type IdentifierCounts,
  type PaymentUses,
  RingRebuildReads,
  RingRebuildWrites,
} from "../graph/ring-rebuild-repository.ts";
import { type IdentifierKey, type RingRow, RingUpkeepRepository } from "../graph/ring-upkeep-repository.ts";
import { type RingSettings, ringRowOf } from "./maintain-rings.ts";
import { refreshGuestRisk } from "./refresh-guest-risk.ts";

/**
 * `guestgraph rebuild-rings`: recomputes an account's rings, USED links, hubs and risk signals from its
 * payments, from scratch, and writes them as absolute values. For an account whose payments were stored
 * before rings existed, and after GUESTGRAPH_HUB_GUESTS changed. Reads the whole account (a command, not
 * a request); writes in chunks, each under the account's lock. Ingest may run meanwhile, but a batch that
 * lands between two chunks can leave what it touched as the rebuild found it: run it again, or pause the
 * account's ingest, for an exact result.
 */

export interface RebuildReport {
  account: string;
  payments: number;
  guests: number;
  rings: number;
  hubs: number;
}

const pageSize = 2000;
const writeChunk = 1000;
const week = 7 * 24 * 3600;

export interface GuestHistory {
  payments: (SummaryPayment & { at: string })[];
  uses: Map<string, GuestUseCount>;
}

export interface IdentifierLists {
  key: IdentifierKey;
  guests: Set<string>;
  emails: Set<string>;
  names: Set<string>;
  cards: Set<string>;
}

/** An account's rings, links, hubs and Radar attributes as computed from its payments, from scratch. */
export interface RecomputedRings {
  paymentCount: number;
  histories: Map<string, GuestHistory>;
  identifiers: Map<string, IdentifierLists>;
  isHub: (identity: string) => boolean;
  facts: Map<string, GuestRingFacts>;
  rings: RingRow[];
}

/** Reads the whole account (a command, not a request) and computes what its rings should be. */
export async function recomputeAccountRings(
  db: Database,
  account: string,
  settings: RingSettings,
): Promise<RecomputedRings> {
  const { histories, identifiers, paymentCount } = await readAccount(new RingRebuildReads(db, account));
  const isHub = (identity: string) => (identifiers.get(identity)?.guests.size ?? 0) > settings.hubGuests;
  const guests: RingGuest[] = [...histories].map(([id, history]) => ({
    id,
    foundedAt: history.payments[0]?.at ?? "",
    disputed: history.payments.some((payment) => payment.dispute !== null),
    uses: [...history.uses.keys()].map((identity) => ({ identity, hub: isHub(identity) })),
  }));
  const { components, facts } = componentsOf(guests);
  const rings = components.flatMap((component) =>
    component.ringId ? [ringOf(component, histories, guests)] : [],
  );
  return { paymentCount, histories, identifiers, isHub, facts, rings };
}

export async function rebuildRings(
  db: Database,
  account: string,
  settings: RingSettings,
): Promise<RebuildReport> {
  const { histories, identifiers, paymentCount, isHub, facts, rings } = await recomputeAccountRings(
    db,
    account,
    settings,
  );

  await writeGuests(db, account, histories, facts, identifiers);
  await inChunks([...identifiers.values()], (chunk) =>
    locked(db, account, (writes) =>
      writes.writeIdentifierCounts(chunk.map((lists) => countsOf(lists, isHub))),
    ),
  );
  await locked(db, account, async (writes, upkeep) => {
    while ((await writes.deleteRings(writeChunk)) > 0);
    await upkeep.writeRings(rings);
  });
  // Scores last: they read the ring sizes just written.
  await forEachGuestPage(db, account, (ids) =>
    locked(db, account, (_writes, upkeep) => refreshGuestRisk(upkeep, ids)),
  );
  return {
    account,
    payments: paymentCount,
    guests: histories.size,
    rings: rings.length,
    hubs: [...identifiers.keys()].filter(isHub).length,
  };
}

/** Every payment of the account, in order: each guest's payments and links, each identifier's guests and lists. */
async function readAccount(reads: RingRebuildReads) {
  const histories = new Map<string, GuestHistory>();
  const identifiers = new Map<string, IdentifierLists>();
  let paymentCount = 0;
  for (let after = ""; ; ) {
    const page = await reads.paymentsAfter(after, pageSize);
    if (page.length === 0) break;
    for (const payment of page) {
      paymentCount++;
      recordPayment(payment, histories, identifiers);
    }
    after = (page.at(-1) as PaymentUses).at;
  }
  return { histories, identifiers, paymentCount };
}

function recordPayment(
  payment: PaymentUses,
  histories: Map<string, GuestHistory>,
  identifiers: Map<string, IdentifierLists>,
): void {
  const listsOf = (key: IdentifierKey) => {
    const identity = `${key.kind}/${key.value}`;
    let lists = identifiers.get(identity);
    if (!lists) {
      lists = { key, guests: new Set(), emails: new Set(), names: new Set(), cards: new Set() };
      identifiers.set(identity, lists);
    }
    return lists;
  };
  const add = (set: Set<string>, value: string) => {
    if (set.size < radarDistinctBound) set.add(value);
  };
  const emails = payment.identifiers.filter((key) => key.kind === "email").map((key) => key.value);
  const cards = payment.identifiers.filter((key) => key.kind === "card").map((key) => key.value);
  for (const key of payment.identifiers) {
    const lists = listsOf(key);
    if (key.kind === "card") {
      for (const email of emails) add(lists.emails, email);
      if (payment.name) add(lists.names, payment.name);
    }
    if (key.kind === "email") for (const card of cards) add(lists.cards, card);
  }
  if (!payment.guest) return;
  let history = histories.get(payment.guest);
  if (!history) {
    history = { payments: [], uses: new Map() };
    histories.set(payment.guest, history);
  }
  history.payments.push({
    at: payment.at,
    created: payment.created,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status as PaymentStatus,
    refunds: { amountRefunded: payment.amountRefunded, refunded: payment.amountRefunded > 0 },
    dispute: payment.disputed ? { status: "disputed", reason: null } : null,
  });
  for (const key of payment.identifiers) {
    const identity = `${key.kind}/${key.value}`;
    const use = history.uses.get(identity) ?? { guest: payment.guest, ...key, payments: 0 };
    use.payments++;
    history.uses.set(identity, use);
    listsOf(key).guests.add(payment.guest);
  }
}

function ringOf(component: Component, histories: Map<string, GuestHistory>, guests: RingGuest[]): RingRow {
  const byId = new Map(guests.map((guest) => [guest.id, guest]));
  return ringRowOf(
    component,
    component.guests.map((id) => ({
      id,
      ...summarise(histories.get(id)?.payments ?? []),
      uses: byId.get(id)?.uses ?? [],
    })),
  );
}

/** Every guest of the account (retired ones too, which link nothing), page by page. */
async function writeGuests(
  db: Database,
  account: string,
  histories: Map<string, GuestHistory>,
  facts: Map<string, GuestRingFacts>,
  identifiers: Map<string, IdentifierLists>,
): Promise<void> {
  await forEachGuestPage(db, account, (ids) =>
    locked(db, account, async (writes, upkeep) => {
      await writes.resetGuestUses(
        ids,
        ids.flatMap((id) => [...(histories.get(id)?.uses.values() ?? [])]),
      );
      await upkeep.writeGuestFacts(
        new Map(
          ids.map((id) => [
            id,
            facts.get(id) ?? {
              ring: null,
              disputeDistance: null,
              identifiersSharedWithDisputed: 0,
              hubIdentifiers: 0,
            },
          ]),
        ),
      );
      await upkeep.writeRadarSignals(
        ids.flatMap((id) => {
          const history = histories.get(id);
          return history ? [{ id, radar: JSON.stringify(radarOf(history, identifiers)) }] : [];
        }),
      );
    }),
  );
}

/** Every guest of the account (retired ones too), a page of ids at a time. */
async function forEachGuestPage(
  db: Database,
  account: string,
  work: (ids: string[]) => Promise<void>,
): Promise<void> {
  const reads = new RingRebuildReads(db, account);
  for (let after = ""; ; ) {
    const ids = await reads.guestsAfter(after, writeChunk);
    if (ids.length === 0) break;
    await work(ids);
    after = ids.at(-1) as string;
  }
}

export function radarOf(history: GuestHistory, identifiers: Map<string, IdentifierLists>) {
  const lastPaymentAt = history.payments.reduce((last, payment) => Math.max(last, payment.created), 0);
  const newestFirst = [...history.payments].sort((a, b) => (a.at < b.at ? 1 : -1));
  const sizes = (kind: string, pick: (lists: IdentifierLists) => Set<string>) =>
    [...history.uses.values()]
      .filter((use) => use.kind === kind)
      .map((use) => pick(identifiers.get(`${use.kind}/${use.value}`) as IdentifierLists).size);
  const largest = (values: number[]) => values.reduce((max, value) => Math.max(max, value), 0);
  return radarSignals({
    lastPaymentAt,
    week: newestFirst
      .filter((payment) => payment.created >= lastPaymentAt - week)
      .slice(0, radarWindowCap)
      .map(({ created, status }) => ({ created, status })),
    cards: sizes("card", (lists) => lists.guests).length,
    emailsPerCard: largest(sizes("card", (lists) => lists.emails)),
    namesPerCard: largest(sizes("card", (lists) => lists.names)),
    cardsPerEmail: largest(sizes("email", (lists) => lists.cards)),
  });
}

export function countsOf(lists: IdentifierLists, isHub: (identity: string) => boolean): IdentifierCounts {
  return {
    ...lists.key,
    guestCount: lists.guests.size,
    hub: isHub(`${lists.key.kind}/${lists.key.value}`),
    emailsSeen: [...lists.emails],
    namesSeen: [...lists.names],
    cardsSeen: [...lists.cards],
  };
}

async function inChunks<T>(items: T[], work: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += writeChunk)
    await work(items.slice(start, start + writeChunk));
}

/** One write transaction holding the account's lock, so no ingest batch of the account interleaves with it. */
function locked(
  db: Database,
  account: string,
  work: (writes: RingRebuildWrites, upkeep: RingUpkeepRepository) => Promise<void>,
): Promise<void> {
  return db.writeTransaction(async (tx) => {
    await new PaymentGraphRepository(tx, account).lockAccount();
    await work(new RingRebuildWrites(tx, account), new RingUpkeepRepository(tx, account));
  });
}
