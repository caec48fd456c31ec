import type { PhoneNumber } from "libphonenumber-js/max";
import {
  type DemoCard,
  type DemoEmail,
  fraudDispute,
  type Group,
  newCard,
  newEmail,
  newPerson,
  type Person,
  payment,
  seconds,
} from "./demo-plan.ts";
import type { DemoRandom } from "./demo-random.ts";

/**
 * The planted fraud. Patterns whose guests share identifiers (the ring, the hub phone) happen in
 * sessions one after another on a shared clock: within a session the member's own email was used
 * minutes before, so by the guest rule each member's payments stay in the member's own guest while
 * the shared cards and phones link those guests together — a ring of guests, as investigators see it.
 */

/** Hands out non-overlapping stretches of time, in order. */
export class SessionClock {
  #now: number;
  constructor(start: number) {
    this.#now = start;
  }
  /** The start of a session that lasts `length` seconds, at least `gap` after the previous one. */
  next(random: DemoRandom, gap: [number, number], length: number): number {
    const start = this.#now + random.int(gap[0], gap[1]);
    this.#now = start + length;
    return start;
  }
}

function fraudGroup(kind: Group["kind"], label: string, people: Person[]): Group {
  return { kind, label, people, payments: [], customer: null };
}

/** Dozens of small authorisations in minutes, each with another card, one throwaway email: mostly declined. */
export function cardTestingBurst(random: DemoRandom, attempts: number, start: number): Group {
  const tester = newPerson(random, random.home);
  tester.emails = [
    { address: random.unique(() => `${random.faker.string.alphanumeric(9).toLowerCase()}@mail.com`) },
  ];
  tester.cards = [];
  const group = fraudGroup("card_testing", "card-testing burst", [tester]);
  let at = start;
  for (let i = 0; i < attempts; i++) {
    const card = newCard(random, random.home);
    tester.cards.push(card);
    const declined = random.chance(0.85);
    payment(random, group, tester, {
      created: at,
      card,
      email: tester.emails[0] as DemoEmail,
      emailAt: "billing",
      amount: random.int(1, 5) * 100 + random.pick([0, 99]),
      status: declined ? "failed" : "succeeded",
      risk: random.pick(["elevated", "elevated", "highest"]),
      asPaymentIntent: false,
      pendingFirst: false,
      refund: null,
      dispute: null,
    });
    at += random.int(4, 25);
  }
  return group;
}

/** One email buying gift cards again and again within the hour, rotating a handful of cards. */
export function highVelocityEmail(random: DemoRandom, count: number, start: number): Group {
  const buyer = newPerson(random, random.home);
  const [first, last] = buyer.name.split(" ") as [string, string];
  buyer.emails = [newEmail(random, first, last, buyer.country)];
  buyer.cards = Array.from({ length: random.int(4, 6) }, () => newCard(random, buyer.country));
  const group = fraudGroup("high_velocity_email", "high-velocity email", [buyer]);
  let at = start;
  for (let i = 0; i < count; i++) {
    const amount = random.pick([50, 100, 150, 200, 250]) * 100;
    payment(random, group, buyer, {
      created: at,
      card: random.pick(buyer.cards),
      email: buyer.emails[0] as DemoEmail,
      emailAt: "billing",
      amount,
      description: "Digital gift card",
      status: random.chance(0.9) ? "succeeded" : "failed",
      risk: random.pick(["normal", "elevated"]),
      refund: null,
      dispute: random.chance(0.3) ? fraudDispute(random, at) : null,
    });
    at += random.int(60, 200);
  }
  return group;
}

/**
 * A fraud ring: members, each with an email and card of their own, cycling through a pool of stolen
 * cards and a couple of phones in sessions (own card first, then the pool), much of it charged back.
 */
export function fraudRing(
  random: DemoRandom,
  members: number,
  rounds: number,
  clock: SessionClock,
): { groups: Group[]; sharedCards: DemoCard[]; sharedPhones: PhoneNumber[] } {
  const home = random.home;
  const sharedCards = Array.from({ length: 3 }, () => newCard(random, random.pick(random.countries)));
  const sharedPhones = [random.phone(home), random.phone(home)];
  const people = Array.from({ length: members }, () => {
    const person = newPerson(random, home);
    const [, last] = person.name.split(" ") as [string, string];
    person.emails = [
      {
        address: random.unique(
          () =>
            `${last.toLowerCase().replace(/[^a-z]/g, "")}${random.int(1000, 9999)}@${random.pick(["proton.me", "tutanota.com", "mail.com"])}`,
        ),
      },
    ];
    return person;
  });
  const groups = people.map((person) => fraudGroup("ring_member", `ring member ${person.name}`, [person]));
  let turn = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [index, person] of people.entries()) {
      const group = groups[index] as Group;
      const start = clock.next(random, [2 * seconds.hour, 20 * seconds.hour], 15 * seconds.minute);
      const email = person.emails[0] as DemoEmail;
      payment(random, group, person, {
        created: start,
        card: person.cards[0] as DemoCard,
        email,
        emailAt: "billing",
        risk: "normal",
        dispute: null,
      });
      for (let step = 1; step <= 2; step++) {
        const created = start + step * random.int(120, 400);
        payment(random, group, person, {
          created,
          card: sharedCards[turn % sharedCards.length] as DemoCard,
          email,
          emailAt: "billing",
          phone: random.chance(0.6) ? (sharedPhones[turn % sharedPhones.length] as PhoneNumber) : null,
          amount: random.int(300, 1500) * 100,
          status: "succeeded",
          risk: random.pick(["elevated", "highest"]),
          refund: null,
          dispute: random.chance(0.45) ? fraudDispute(random, created) : null,
        });
        turn++;
      }
    }
  }
  return { groups, sharedCards, sharedPhones };
}

/**
 * One phone number on the payments of many otherwise unrelated guests (a reshipper's or a fraud
 * service's number): each first pays with their own details, then, minutes later, with the hub phone.
 */
export function hubPhone(
  random: DemoRandom,
  users: number,
  clock: SessionClock,
  earlierFrom: number,
): { groups: Group[]; phone: PhoneNumber } {
  const phone = random.phone(random.home);
  const groups: Group[] = [];
  for (let i = 0; i < users; i++) {
    const person = newPerson(random);
    const group = fraudGroup("hub_phone_user", `hub phone user ${person.name}`, [person]);
    groups.push(group);
    const start = clock.next(random, [3 * seconds.hour, 30 * seconds.hour], 10 * seconds.minute);
    if (random.chance(0.5)) {
      payment(random, group, person, {
        created: random.int(earlierFrom, start - seconds.day),
        card: person.cards[0] as DemoCard,
        email: person.emails[0] as DemoEmail,
      });
    }
    payment(random, group, person, {
      created: start,
      card: person.cards[0] as DemoCard,
      email: person.emails[0] as DemoEmail,
      emailAt: "billing",
    });
    payment(random, group, person, {
      created: start + random.int(120, 500),
      card: person.cards[0] as DemoCard,
      email: person.emails[0] as DemoEmail,
      emailAt: "billing",
      phone,
      risk: random.pick(["normal", "elevated"]),
    });
  }
  return { groups, phone };
}
