import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsole } from "../../console/build.ts";
import type { Database } from "../../src/graph/database.ts";
import { apiUnderTest } from "../support/api-harness.ts";
import {
  eventually,
  launchChromium,
  screenshot,
  seriousAccessibilityViolations,
} from "../support/browser.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * The investigator console in a real Chromium, against the real service and Neo4j: the key screen and
 * account picker, the Customers tab and its filters, search, the guest and payment pages with the
 * explanation in words, a retired guest's redirect, and the 401 / 403 states. Every page passes an
 * axe-core check with no serious violation, and each test leaves a screenshot in test-results/.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount();
const otherAccount = uniqueAccount();
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { investigator: [account, otherAccount], reader: [account], ingest: "any account" },
  defaultKey: "ingest",
});

const day = 86_400;
const t0 = 1_730_000_000;
const ann = { email: "ann@example.com", fingerprint: "fpAnnVisa0001" };
const bob = { email: "bob@example.com", fingerprint: "fpBobMaster002" };
const visa = (fingerprint: string) => ({
  fingerprint,
  brand: "visa",
  last4: "4242",
  exp_month: 4,
  exp_year: 2031,
  country: "US",
});
const master = (fingerprint: string) => ({
  fingerprint,
  brand: "mastercard",
  last4: "5555",
  exp_month: 9,
  exp_year: 2030,
  country: "GB",
});

function payment(id: string, created: number, fields: Record<string, unknown>) {
  return { object: "payment", id, created, amount: 2500, currency: "usd", status: "succeeded", ...fields };
}

const guests: Record<"ann" | "bob" | "carol" | "dave", string> = { ann: "", bob: "", carol: "", dave: "" };

async function send(payments: unknown[]): Promise<Map<string, string>> {
  const answer = await api.call("POST", "/v1/payments", { body: { data: payments }, account });
  expect(answer.status).toBe(200);
  const byId = new Map<string, string>();
  for (const item of answer.json.data) {
    expect(item.result, JSON.stringify(item.error)).not.toBe("refused");
    byId.set(item.id, item.guest);
  }
  return byId;
}

let browser: Browser;
let baseUrl: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await buildConsole();
  await api.start();
  baseUrl = api.baseUrl();
  const first = await send([
    payment("py_ann_1", t0, {
      email: ann.email,
      card: visa(ann.fingerprint),
      billing: { name: "Ann Lee", country: "US" },
    }),
    payment("py_ann_2", t0 + day, {
      email: ann.email,
      phone: "(415) 555-0101",
      billing: { name: "Ann Lee", country: "US" },
      card: visa(ann.fingerprint),
      refunds: { amount_refunded: 1000 },
    }),
    payment("py_ann_3", t0 + 2 * day, { status: "failed", card: visa(ann.fingerprint) }),
    payment("py_bob_1", t0 + 3 * day, {
      email: bob.email,
      card: master(bob.fingerprint),
      amount: 9900,
      currency: "eur",
      dispute: { status: "needs_response", reason: "fraudulent" },
      billing: { name: "Bob Stone", country: "GB" },
    }),
    payment("py_bob_2", t0 + 4 * day, {
      email: bob.email,
      phone: "+44 20 7946 0958",
      billing: { name: "Bob Stone", country: "GB" },
    }),
    // Ann's email with Bob's card: it joins Bob (the card's use is more recent) and Ann's guest loses it.
    payment("py_join", t0 + 5 * day, { email: ann.email, card: master(bob.fingerprint), amount: 4200 }),
    payment("py_customer", t0 + 5 * day + 60, { email: ann.email, customer: "cus_RegisteredAnn" }),
    payment("py_carol_1", t0 + 6 * day, { email: "carol@example.com" }),
    payment("py_dave_3", t0 + 8 * day, { email: "dave@example.com" }),
  ]);
  guests.ann = first.get("py_ann_1") ?? "";
  guests.bob = first.get("py_bob_1") ?? "";
  guests.carol = first.get("py_carol_1") ?? "";
  guests.dave = first.get("py_dave_3") ?? "";
  // Late: it used Carol's and Dave's emails before Dave's first payment, so Dave's guest is retired into Carol's.
  await send([payment("py_carol_2", t0 + 7 * day, { emails: ["carol@example.com", "dave@example.com"] })]);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await api.stop();
  await db.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

/** Pastes a key on the key screen and, when the key allows several accounts, picks one. */
async function signIn(
  page: Page,
  path: string,
  role: "investigator" | "reader",
  pick?: string,
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel("API key").fill(api.keys[role] ?? "");
  await page.getByRole("button", { name: "Continue" }).click();
  if (pick) {
    await page.getByLabel("Account").selectOption(pick);
    await page.getByRole("button", { name: "Open the console" }).click();
  }
  await page.getByRole("button", { name: "Change key" }).waitFor();
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

describe("the investigator console in Chromium", () => {
  it("when an investigator pastes a key for two accounts, then the console asks which one and opens its Customers tab", async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/`);
    await expectAccessible(page);
    await page.getByLabel("API key").fill(api.keys.investigator ?? "");
    await page.getByRole("button", { name: "Continue" }).click();

    const picker = page.getByLabel("Account");
    await eventually(async () => (await picker.locator("option").allTextContents()).sort()).toEqual(
      [account, otherAccount].sort(),
    );
    await expectAccessible(page);
    await picker.selectOption(account);
    await page.getByRole("button", { name: "Open the console" }).click();

    const rows = page.locator("table.guests tbody tr");
    await eventually(() => rows.count()).toBe(3); // Ann, Bob and Carol: Dave's guest was retired into Carol's
    const listed = await rows.locator("th").allInnerTexts();
    expect(listed.map((cell) => cell.split("\n").find((line) => line.startsWith("gst_")))).toEqual([
      guests.carol,
      guests.bob,
      guests.ann,
    ]);
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).toContain(api.keys.investigator);
    expect(page.url()).not.toContain(api.keys.investigator);
    await expectAccessible(page);
    await screenshot(page, "customers-tab");
  });

  it("when the Customers tab is filtered to guests with a dispute, then only they are listed, and a reload keeps the filter", async () => {
    const page = await newPage();
    await signIn(page, "/customers", "investigator", account);

    await page.getByLabel("Disputes").selectOption("true");
    await page.getByRole("button", { name: "Apply filters" }).click();

    await eventually(() => page.url()).toContain("has_dispute=true");
    const rows = page.locator("table.guests tbody tr");
    await eventually(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(guests.bob);
    await page.reload();
    await eventually(() => rows.count()).toBe(1);
    expect(await page.getByLabel("Disputes").inputValue()).toBe("true");
    await expectAccessible(page);
    await screenshot(page, "customers-tab-disputed");
  });

  it("when an email is searched from the search box, then its guest is found and its page shows identifiers, payments and links", async () => {
    const page = await newPage();
    await signIn(page, "/customers", "investigator", account);

    await page.keyboard.press("/");
    await page.keyboard.type(ann.email);
    await page.keyboard.press("Enter");

    await eventually(() => page.url()).toContain(`/search?query=${encodeURIComponent(ann.email)}`);
    const guestResults = page.locator("section", { has: page.getByRole("heading", { name: /^Guests/ }) });
    await eventually(() => guestResults.locator("tbody tr").first().innerText()).toContain("email");
    await expectAccessible(page);
    await screenshot(page, "search-results");

    // Bob's guest lists ann@example.com too (as its primary email: py_join used it last); Ann's own row is the exact match.
    await guestResults.locator("tr", { hasText: guests.ann }).getByRole("link", { name: ann.email }).click();
    await eventually(() => page.url()).toContain(`/guests/${guests.ann}`);
    await eventually(() => page.getByRole("heading", { level: 1 }).innerText()).toBe(ann.email);
    const identifiers = page.locator("section", { has: page.getByRole("heading", { name: "Identifiers" }) });
    await eventually(() => identifiers.innerText()).toContain("Visa •••• 4242");
    expect(await identifiers.innerText()).toContain("+14155550101");
    const payments = page.locator("table.payments tbody tr");
    await eventually(() => payments.count()).toBe(3);
    expect(await payments.allInnerTexts()).toEqual([
      expect.stringContaining("failed"),
      expect.stringContaining("partially refunded"),
      expect.stringContaining("succeeded"),
    ]);
    const linked = page.locator("section", { has: page.getByRole("heading", { name: "Linked guests" }) });
    expect(await linked.innerText()).toContain(guests.bob);
    const related = page.locator("section", {
      has: page.getByRole("heading", { name: "Related registered customers" }),
    });
    expect(await related.innerText()).toContain("cus_RegisteredAnn");
    await expectAccessible(page);
    await screenshot(page, "guest-page");
  });

  it("when a payment that joined a guest is opened, then its explanation reads as sentences that link to each payment and guest", async () => {
    const page = await newPage();
    await signIn(page, "/payments/py_join", "investigator", account);

    const explanation = page.getByTestId("explanation");
    await eventually(() => explanation.innerText()).toContain(
      `This payment joined guest ${guests.bob} because it used the Mastercard •••• 5555 card, as did payment py_bob_1 on 2024-10-30 03:33 UTC: the most recent earlier payment to use any of its identifiers.`,
    );
    expect(await explanation.innerText()).toContain(
      `Guest ${guests.ann} had also used the email ann@example.com, but less recently (last in payment py_ann_2 on 2024-10-28 03:33 UTC), so the payment did not go to it.`,
    );
    await expectAccessible(page);
    await screenshot(page, "payment-explanation");

    await explanation.getByRole("link", { name: "py_bob_1" }).click();
    await eventually(() => page.getByTestId("explanation").innerText()).toContain(
      `This payment started guest ${guests.bob}`,
    );
    expect(page.url()).toBe(`${baseUrl}/payments/py_bob_1`);
  });

  it("when a retired guest's id is opened, then the console lands on the guest that holds its payments now and says so", async () => {
    const page = await newPage();
    await signIn(page, `/guests/${guests.dave}`, "investigator", account);

    await eventually(() => page.url()).toBe(`${baseUrl}/guests/${guests.carol}`);
    await eventually(() => page.getByRole("status").filter({ hasText: "was retired" }).innerText()).toContain(
      guests.dave,
    );
    await eventually(() => page.locator("table.payments tbody tr").count()).toBe(3);
    await expectAccessible(page);
  });

  it("when the key is no longer accepted, then the console asks for it again and says why", async () => {
    const page = await newPage();
    await signIn(page, "/customers", "investigator", account);

    await page.evaluate(() => {
      const name = "guestgraph.console.session";
      const session = JSON.parse(sessionStorage.getItem(name) ?? "{}");
      sessionStorage.setItem(name, JSON.stringify({ ...session, key: "revoked_key_0123456789abcdef" }));
    });
    await page.reload();

    await eventually(() => page.getByRole("alert").first().innerText()).toContain("refused the API key");
    expect(await page.getByLabel("API key").isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, "key-asked-again");
  });

  it("when a reader opens a payment, then its page says explanations need an investigator or admin key", async () => {
    const page = await newPage();
    await signIn(page, "/payments/py_join", "reader");

    await eventually(() =>
      page.locator("section", { has: page.getByRole("heading", { name: /Why it belongs/ }) }).innerText(),
    ).toContain("Explanations are shown to investigator and admin keys; this key's role is reader.");
    expect(await page.getByRole("link", { name: "Open in link graph" }).count()).toBe(0);
    await expectAccessible(page);
  });

  it("when a guest that does not exist is opened, then the page says so", async () => {
    const page = await newPage();
    await signIn(page, "/guests/gst_doesnotexist", "investigator", account);

    await eventually(() => page.getByRole("alert").innerText()).toContain("No such guest");
    await expectAccessible(page);
  });
});
