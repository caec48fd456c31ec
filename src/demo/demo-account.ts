import { guestIdFor, orderKey } from "../domain/resolution-keys.ts";
import { cardTestingBurst, fraudRing, highVelocityEmail, hubPhone, SessionClock } from "./demo-fraud.ts";
import { honestGuest, household, registeredCustomer } from "./demo-people.ts";
import { type Group, type PlannedPayment, seconds } from "./demo-plan.ts";
import { DemoRandom } from "./demo-random.ts";
import { type FinalState, stripeCopies } from "./demo-stripe-objects.ts";

/**
 * A realistic, reproducible Stripe account for trying GuestGraph out, testing it and benchmarking it:
 * honest repeat guests, households, registered customers, refunds, disputes, deliveries out of order,
 * and planted fraud — with the ground truth of every guest GuestGraph must find. Pure: no I/O, no clock;
 * the same options give the same account, byte for byte.
 *
 *   const demo = generateDemoAccount({ payments: 2000, seed: 42, account: "acct_demo" });
 *   demo.deliveries  // Stripe Charges / PaymentIntents in the order they arrive
 *   demo.truth       // what GuestGraph must make of them
 */

export interface DemoOptions {
  /** Distinct payments (each may arrive several times over its life). Default 2,000; 200 to 200,000. */
  payments?: number;
  seed?: number;
  account?: string;
  /** The end of the account's history (unix seconds); it spans the 180 days before. */
  end?: number;
}

export const demoDefaults = {
  payments: 2000,
  seed: 1,
  account: "acct_default",
  /** 2026-10-31T12:00:00Z: a fixed date, so that the account does not change with the day it is made. */
  end: 1_793_448_000,
} as const;
export const demoLimits = { minPayments: 200, maxPayments: 200_000 } as const;

export interface DemoDelivery {
  /** When it reaches GuestGraph (unix seconds): some arrive late, after newer payments, as Stripe allows. */
  arrival: number;
  /** A Stripe Charge, or a PaymentIntent with latest_charge expanded: POST /v1/payments takes either. */
  object: Record<string, unknown>;
}

export interface TruthGuest {
  /** The guest id GuestGraph must give it (derived from the account and the founding payment). */
  id: string;
  kind: Group["kind"];
  label: string;
  foundingPayment: string;
  /** Every payment of the guest, sorted. */
  payments: string[];
  emails: string[];
  /** E.164. */
  phones: string[];
  /** Card fingerprints. */
  cards: string[];
}

export interface DemoGroundTruth {
  generator: "guestgraph-demo/1";
  account: string;
  seed: number;
  payments: number;
  deliveries: number;
  window: { from: string; to: string };
  /** Every guest the account ends with, most recent activity first. */
  guests: TruthGuest[];
  customers: { id: string; name: string; payments: string[]; guest: string | null }[];
  fraud: {
    cardTesting: {
      guest: string;
      email: string;
      cards: string[];
      payments: string[];
      declined: number;
      from: string;
      to: string;
    };
    highVelocityEmail: { guest: string; email: string; payments: string[]; from: string; to: string };
    ring: {
      guests: string[];
      emails: string[];
      sharedCards: string[];
      sharedPhones: string[];
      payments: string[];
    };
    hubPhone: { phone: string; guests: string[]; payments: string[] };
  };
  /** Payment id → its guest and the state it must end in, whatever order its copies arrived in. */
  outcomes: Record<
    string,
    { guest: string | null; status: string; amount_refunded: number; dispute_status: string | null }
  >;
}

export interface DemoAccount {
  options: Required<DemoOptions>;
  deliveries: DemoDelivery[];
  truth: DemoGroundTruth;
}

export function generateDemoAccount(options: DemoOptions = {}): DemoAccount {
  const settings = { ...demoDefaults, ...options } as Required<DemoOptions>;
  if (
    !Number.isInteger(settings.payments) ||
    settings.payments < demoLimits.minPayments ||
    settings.payments > demoLimits.maxPayments
  ) {
    throw new RangeError(
      `payments must be a whole number from ${demoLimits.minPayments} to ${demoLimits.maxPayments}`,
    );
  }
  const random = new DemoRandom(settings.seed);
  const groups = plantGroups(random, settings.payments, settings.end);
  const { deliveries, finals } = deliver(random, groups, settings.end);
  return {
    options: settings,
    deliveries,
    truth: groundTruth(settings, groups, finals, deliveries.length),
  };
}

interface PlantedFraud {
  cardTesting: Group;
  highVelocity: Group;
  ring: ReturnType<typeof fraudRing>;
  hub: ReturnType<typeof hubPhone>;
}

function plantGroups(random: DemoRandom, total: number, end: number): { all: Group[]; fraud: PlantedFraud } {
  const from = end - 180 * seconds.day;
  const clamp = (value: number, low: number, high: number) =>
    Math.max(low, Math.min(high, Math.round(value)));
  const clock = new SessionClock(end - 26 * seconds.day);
  const ring = fraudRing(random, total >= 1000 ? 6 : 4, 2, clock);
  const hub = hubPhone(random, clamp(total / 250, 5, 15), clock, from);
  const cardTesting = cardTestingBurst(
    random,
    clamp(total * 0.015, 15, 60),
    end - 2 * seconds.day - random.int(0, 6 * seconds.hour),
  );
  const highVelocity = highVelocityEmail(
    random,
    clamp(total * 0.008, 12, 30),
    end - 5 * seconds.day - random.int(0, 6 * seconds.hour),
  );
  const all: Group[] = [cardTesting, highVelocity, ...ring.groups, ...hub.groups];
  let remaining = total - all.reduce((sum, group) => sum + group.payments.length, 0);
  const window = { from, to: end };
  while (remaining > 0) {
    const kind = random.faker.helpers.weightedArrayElement([
      { value: "honest", weight: 73 },
      { value: "household", weight: 12 },
      { value: "registered", weight: 15 },
    ]);
    if (kind === "household") {
      const count = Math.min(remaining, random.int(4, 18));
      all.push(household(random, count, window));
      remaining -= count;
    } else if (kind === "registered") {
      const count = Math.min(remaining, random.int(2, 10));
      const { guest, customer } = registeredCustomer(random, count, window);
      all.push(guest, customer);
      remaining -= count;
    } else {
      const count = Math.min(remaining, random.chance(0.4) ? 1 : random.int(2, 12));
      all.push(honestGuest(random, count, window));
      remaining -= count;
    }
  }
  return { all, fraud: { cardTesting, highVelocity, ring, hub } };
}

function deliver(
  random: DemoRandom,
  groups: { all: Group[] },
  end: number,
): { deliveries: DemoDelivery[]; finals: Map<string, FinalState> } {
  const finals = new Map<string, FinalState>();
  const pending: (DemoDelivery & { order: number })[] = [];
  for (const group of groups.all) {
    for (const planned of group.payments) {
      const { copies, final } = stripeCopies(random, planned, end);
      finals.set(planned.id, final);
      for (const copy of copies) {
        pending.push({ arrival: copy.at + delay(random), object: copy.object, order: pending.length });
      }
    }
  }
  pending.sort((a, b) => a.arrival - b.arrival || a.order - b.order);
  return { deliveries: pending.map(({ arrival, object }) => ({ arrival, object })), finals };
}

/** Most copies arrive within seconds; some take hours; a few come days late, after newer payments. */
function delay(random: DemoRandom): number {
  const roll = random.int(1, 100);
  if (roll <= 85) return random.int(1, 20);
  if (roll <= 95) return random.int(60, 6 * seconds.hour);
  return random.int(seconds.day, 6 * seconds.day);
}

function groundTruth(
  options: Required<DemoOptions>,
  groups: { all: Group[]; fraud: PlantedFraud },
  finals: Map<string, FinalState>,
  deliveries: number,
): DemoGroundTruth {
  const { account } = options;
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  const guestOf = new Map<Group, TruthGuest>();
  for (const group of groups.all) {
    if (group.customer !== null || group.payments.length === 0) continue;
    const ordered = [...group.payments].sort((a, b) =>
      orderKey(a.created, a.id) < orderKey(b.created, b.id) ? -1 : 1,
    );
    const founding = ordered[0] as PlannedPayment;
    guestOf.set(group, {
      id: guestIdFor(account, founding.id),
      kind: group.kind,
      label: group.label,
      foundingPayment: founding.id,
      payments: group.payments.map((payment) => payment.id).sort(),
      emails: distinct(group.payments.map((payment) => payment.email?.address)),
      phones: distinct(group.payments.map((payment) => payment.phone?.number)),
      cards: distinct(group.payments.map((payment) => payment.card.fingerprint)),
    });
  }
  const lastActivity = (group: Group) => Math.max(...group.payments.map((payment) => payment.created));
  const guests = [...guestOf.entries()]
    .sort(([a], [b]) => lastActivity(b) - lastActivity(a))
    .map(([, guest]) => guest);
  const guestId = (group: Group) => (guestOf.get(group) as TruthGuest).id;
  const paymentIds = (list: Group[]) =>
    list.flatMap((group) => group.payments.map((payment) => payment.id)).sort();
  const { cardTesting, highVelocity, ring, hub } = groups.fraud;
  const span = (group: Group) => {
    const times = group.payments.map((payment) => payment.created);
    return { from: iso(Math.min(...times)), to: iso(Math.max(...times)) };
  };

  const outcomes: DemoGroundTruth["outcomes"] = {};
  for (const group of groups.all) {
    for (const payment of group.payments) {
      const final = finals.get(payment.id) as FinalState;
      outcomes[payment.id] = {
        guest: guestOf.get(group)?.id ?? null,
        status: final.status,
        amount_refunded: final.amountRefunded,
        dispute_status: final.dispute,
      };
    }
  }
  const registered = groups.all.filter((group) => group.customer !== null);
  return {
    generator: "guestgraph-demo/1",
    account,
    seed: options.seed,
    payments: Object.keys(outcomes).length,
    deliveries,
    window: { from: iso(options.end - 180 * seconds.day), to: iso(options.end) },
    guests,
    customers: registered.map((group) => {
      const guestTwin = groups.all.find(
        (other) => other !== group && other.customer === null && other.people[0] === group.people[0],
      );
      return {
        id: group.customer as string,
        name: group.label,
        payments: group.payments.map((payment) => payment.id).sort(),
        guest: guestTwin && guestTwin.payments.length > 0 ? guestId(guestTwin) : null,
      };
    }),
    fraud: {
      cardTesting: {
        guest: guestId(cardTesting),
        email: cardTesting.people[0]?.emails[0]?.address as string,
        cards: distinct(cardTesting.payments.map((payment) => payment.card.fingerprint)),
        payments: paymentIds([cardTesting]),
        declined: cardTesting.payments.filter((payment) => payment.status === "failed").length,
        ...span(cardTesting),
      },
      highVelocityEmail: {
        guest: guestId(highVelocity),
        email: highVelocity.people[0]?.emails[0]?.address as string,
        payments: paymentIds([highVelocity]),
        ...span(highVelocity),
      },
      ring: {
        guests: ring.groups.map(guestId),
        emails: distinct(ring.groups.map((group) => group.people[0]?.emails[0]?.address)),
        sharedCards: ring.sharedCards.map((card) => card.fingerprint),
        sharedPhones: distinct(
          ring.groups.flatMap((group) =>
            group.payments.map((payment) =>
              payment.phone && ring.sharedPhones.includes(payment.phone) ? payment.phone.number : null,
            ),
          ),
        ),
        payments: paymentIds(ring.groups),
      },
      hubPhone: {
        phone: hub.phone.number,
        guests: hub.groups.map(guestId),
        payments: hub.groups
          .flatMap((group) => group.payments.filter((payment) => payment.phone === hub.phone))
          .map((payment) => payment.id)
          .sort(),
      },
    },
    outcomes,
  };
}

function distinct(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => typeof value === "string"))].sort();
}
