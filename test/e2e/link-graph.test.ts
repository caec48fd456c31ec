import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsole } from "../../console/build.ts";
import { type DemoAccount, generateDemoAccount } from "../../src/demo/demo-account.ts";
import { loadDemoAccount } from "../../src/demo/load-demo-account.ts";
import type { Database } from "../../src/graph/database.ts";
import { receivePayments } from "../../src/ingest/receive-payments.ts";
import { apiUnderTest } from "../support/api-harness.ts";
import {
  eventually,
  launchChromium,
  screenshot,
  seriousAccessibilityViolations,
} from "../support/browser.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * The link graph in a real Chromium on the demo account (the generator's planted ring and its ground
 * truth), plus a test card shared by 60 guests (a supernode, over the 50 neighbours the API keeps):
 * expanding a card by clicking it, the path between two ring members, the supernode shown truncated,
 * the Neo4j Browser query, PNG and JSON export, a reload rebuilding the same graph, and a reader's 403.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount();
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { investigator: [account], reader: [account], ingest: [account] },
  defaultKey: "ingest",
});

const hubFingerprint = "fpSharedTestCard60";
const hubGuests = 60;
let demo: DemoAccount;
let browser: Browser;
let baseUrl: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await buildConsole();
  await api.start();
  baseUrl = api.baseUrl();
  demo = generateDemoAccount({ payments: 1000, seed: 11, account });
  const loaded = await loadDemoAccount(demo, (batch) => receivePayments(db, account, batch));
  expect(loaded.refused).toBe(0);
  // A test card on 60 guests: each first pays with an email of their own, then with the shared card.
  const base = 1_700_000_000;
  const payments = Array.from({ length: hubGuests }, (_, i) => [
    {
      object: "payment",
      id: `py_hub_own_${i}`,
      created: base + 10 * i,
      amount: 500,
      currency: "usd",
      status: "succeeded",
      email: `tester${i}@example.org`,
    },
    {
      object: "payment",
      id: `py_hub_card_${i}`,
      created: base + 10 * i + 1,
      amount: 100,
      currency: "usd",
      status: i % 3 === 0 ? "failed" : "succeeded",
      email: `tester${i}@example.org`,
      card: {
        fingerprint: hubFingerprint,
        brand: "visa",
        last4: "0077",
        exp_month: 1,
        exp_year: 2030,
        country: "US",
      },
    },
  ]).flat();
  const sent = await api.call("POST", "/v1/payments", { body: { data: payments }, account });
  expect(sent.status).toBe(200);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await api.stop();
  await db.close();
});

async function signedIn(path: string, role: "investigator" | "reader" = "investigator"): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel("API key").fill(api.keys[role] ?? "");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Change key" }).waitFor();
  return page;
}

/** What the canvas holds, read from Cytoscape.js itself. */
function canvas(page: Page) {
  return page.evaluate(() => {
    const cy = (globalThis as unknown as { guestgraphCy: import("cytoscape").Core }).guestgraphCy;
    return {
      nodes: cy.nodes().map((node) => node.id()),
      edges: cy.edges().length,
      onPath: cy.nodes(".on-path").map((node) => node.id()),
      truncated: cy
        .nodes(".truncated")
        .map((node) => ({ id: node.id(), display: node.data("display") as string })),
      disputed: cy.nodes(".disputed").length,
    };
  });
}

/** Clicks a node where Cytoscape.js drew it. */
async function clickNode(page: Page, id: string): Promise<void> {
  const box = await page.getByTestId("graph-canvas").boundingBox();
  const at = await page.evaluate((nodeId) => {
    const cy = (globalThis as unknown as { guestgraphCy: import("cytoscape").Core }).guestgraphCy;
    const node = cy.getElementById(nodeId);
    cy.center(node);
    return node.renderedPosition();
  }, id);
  if (!box) throw new Error("no canvas");
  await page.mouse.click(box.x + at.x, box.y + at.y);
}

/** Each row's risk cell, as shown: "score N" and the flags' badges (underscores shown as spaces). */
async function expectEveryRowRisky(rows: Locator, minimum: number, flag: string | null): Promise<void> {
  const cells = await rows.locator("td:nth-of-type(7)").allInnerTexts();
  expect(cells.length).toBeGreaterThan(0);
  for (const cell of cells) {
    const score = Number(/score (\d+)/.exec(cell)?.[1] ?? Number.NaN);
    expect(score, cell).toBeGreaterThanOrEqual(minimum);
    if (flag) expect(cell).toContain(flag.replaceAll("_", " "));
  }
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

describe("the link graph in Chromium, on the demo account", () => {
  it("when a ring member's graph is opened and a shared card is clicked, then the card expands to the other guests that used it, and a reload keeps it", async () => {
    const ring = demo.truth.fraud.ring;
    const member = ring.guests[0] ?? "";
    const page = await signedIn(`/graph?node=${member}`);
    await eventually(async () => (await canvas(page)).nodes.length).toBeGreaterThan(1);
    const before = await canvas(page);
    const sharedCard = ring.sharedCards
      .map((fingerprint) => `card:${fingerprint}`)
      .find((id) => before.nodes.includes(id));
    expect(sharedCard, "the member's graph shows one of the ring's shared cards").toBeDefined();

    await clickNode(page, sharedCard ?? "");

    await eventually(() => page.url()).toContain(`expand=${encodeURIComponent(sharedCard ?? "")}`);
    await eventually(async () => (await canvas(page)).nodes.length).toBeGreaterThan(before.nodes.length);
    const after = await canvas(page);
    const otherMembers = ring.guests.filter((guest) => guest !== member && after.nodes.includes(guest));
    expect(otherMembers.length).toBeGreaterThan(0);
    expect(after.disputed).toBeGreaterThan(0); // ring members charged back
    expect(await page.getByTestId("node-details").innerText()).toContain(sharedCard);
    await eventually(() => page.getByTestId("graph-status").innerText()).toMatch(
      /Expanded card:\S+ in \d+ ms/,
    );
    await expectAccessible(page);
    await page.getByRole("button", { name: "Fit to screen" }).click();
    await screenshot(page, "link-graph");

    await page.reload();
    await eventually(async () => (await canvas(page)).nodes.sort()).toEqual(after.nodes.sort());
  });

  it("when a path between two ring members is asked, then the shortest path is found and drawn", async () => {
    const [first, , third] = demo.truth.fraud.ring.guests;
    const page = await signedIn(`/graph?node=${first}`);
    await eventually(async () => (await canvas(page)).nodes.length).toBeGreaterThan(1);

    await page.getByLabel("From", { exact: true }).fill(first ?? "");
    await page.getByLabel("To", { exact: true }).fill(third ?? "");
    await page.getByRole("button", { name: "Find path" }).click();

    await eventually(() => page.getByTestId("path-result").innerText()).toMatch(/^Shortest path: 2 hops/);
    const drawn = await canvas(page);
    expect(drawn.onPath).toEqual(expect.arrayContaining([first, third]));
    expect(drawn.onPath.some((id) => id.startsWith("card:") || id.startsWith("phone:"))).toBe(true);
    await expectAccessible(page);
    await screenshot(page, "link-graph-path");
  });

  it("when a card shared by 60 guests is opened, then it shows as a truncated supernode with its counts", async () => {
    const hub = `card:${hubFingerprint}`;
    const page = await signedIn(`/graph?node=${encodeURIComponent(hub)}`);
    await eventually(async () => (await canvas(page)).truncated.map((node) => node.id)).toEqual([hub]);

    expect((await canvas(page)).truncated[0]?.display).toBe(
      `visa •••• 0077\n(50 of ${hubGuests} neighbours)`,
    );
    await page.getByText(/The graph's nodes as a list/).click();
    await page.getByRole("button", { name: "visa •••• 0077", exact: true }).click();
    expect(await page.getByTestId("node-truncated").innerText()).toBe(
      `Supernode, cut by the server: 50 of ${hubGuests} neighbours.`,
    );
    await expectAccessible(page);
    await screenshot(page, "link-graph-supernode");
  });

  it("when the graph is exported and opened in Neo4j Browser, then the files hold it and the query carries its parameters", async () => {
    const member = demo.truth.fraud.ring.guests[1] ?? "";
    const page = await signedIn(`/graph?node=${member}`);
    await eventually(async () => (await canvas(page)).nodes.length).toBeGreaterThan(1);
    const shown = await canvas(page);

    const [json] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export JSON" }).click(),
    ]);
    const exported = JSON.parse(await readFile((await json.path()) ?? "", "utf8"));
    expect(exported.nodes.map((node: { id: string }) => node.id).sort()).toEqual(shown.nodes.sort());
    expect(exported.edges).toHaveLength(shown.edges);
    expect(exported.account).toBe(account);

    const [png] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export PNG" }).click(),
    ]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const bytes = await readFile((await png.path()) ?? "");
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");

    await page.getByText("Open in Neo4j Browser").click();
    const text = await page.getByTestId("neo4j-query").inputValue();
    expect(text).toContain(`:param account => '${account}';`);
    expect(text).toContain(`:param guest => '${member}';`);
    expect(text).toContain("MATCH (g:Guest {account: $account, id: $guest})");
    expect(
      await page.getByRole("link", { name: /open Neo4j Browser with it/ }).getAttribute("href"),
    ).toContain(":7474/browser/?cmd=edit&arg=");
    await expectAccessible(page);
  });

  it("when the demo account's Customers tab is searched for the high-velocity email, then its guest and its card's history open", async () => {
    const { highVelocityEmail, cardTesting } = demo.truth.fraud;
    const page = await signedIn("/customers");
    await eventually(() => page.locator("table.guests tbody tr").count()).toBe(25);
    await expectAccessible(page);
    await screenshot(page, "customers-tab-demo");

    await page.getByLabel("Search guests and payments").fill(highVelocityEmail.email);
    await page.keyboard.press("Enter");
    const guestRow = page
      .locator("section", { has: page.getByRole("heading", { name: /^Guests/ }) })
      .locator("tbody tr");
    await eventually(() => guestRow.count()).toBe(1);
    expect(await guestRow.innerText()).toContain("email");
    await guestRow.getByRole("link").first().click();
    await eventually(() => page.url()).toBe(`${baseUrl}/guests/${highVelocityEmail.guest}`);
    await eventually(() => page.locator("table.payments tbody tr").count()).toBe(
      Math.min(
        25,
        demo.truth.guests.find((guest) => guest.id === highVelocityEmail.guest)?.payments.length ?? 0,
      ),
    );
    await expectAccessible(page);

    const card = cardTesting.cards[0] ?? "";
    await page.goto(`${baseUrl}/identifiers/card/${card}`);
    await eventually(() => page.getByRole("heading", { name: "Who used it" }).isVisible()).toBe(true);
    expect(
      await page.locator("section", { has: page.getByRole("heading", { name: "Who used it" }) }).innerText(),
    ).toContain(cardTesting.guest);
    await expectAccessible(page);
    await screenshot(page, "identifier-page");
  });

  it("when the demo account's Customers tab is filtered by risk from the keyboard, then every row shown carries the score and signal asked, all of them are listed, and a reload keeps the filter", async () => {
    const minimum = 20;
    const flag = "in_ring";
    const wanted = await api.get(`/v1/guests?limit=100&risk_score[gte]=${minimum}&risk_flag=${flag}`, {
      key: "investigator",
      account,
    });
    expect(wanted.status).toBe(200);
    const wantedIds: string[] = wanted.json.data.map((guest: { id: string }) => guest.id);
    // The planted ring's guests are in a ring and score at least 2 per other member plus their disputes.
    expect(wantedIds.length).toBeGreaterThan(0);
    expect(wantedIds.length).toBeLessThanOrEqual(25);
    const page = await signedIn("/customers");
    const rows = page.locator("table.guests tbody tr");
    await eventually(() => rows.count()).toBe(25);

    // Keyboard only: the controls are labelled, reachable with Tab, and the form submits with Enter.
    await page.getByLabel("Minimum risk score").focus();
    await page.keyboard.type(String(minimum));
    await page.keyboard.press("Tab");
    const flagSelect = page.getByLabel("Risk flag");
    expect(
      await flagSelect.evaluate(
        (select) =>
          (select as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement ===
          select,
      ),
    ).toBe(true);
    await flagSelect.selectOption(flag);
    await page.getByLabel("Minimum risk score").press("Enter");

    await eventually(() => page.url()).toContain(`min_risk=${minimum}`);
    expect(page.url()).toContain(`risk_flag=${flag}`);
    await eventually(() => rows.count()).toBe(wantedIds.length);
    await expectEveryRowRisky(rows, minimum, flag);
    const shownIds = await rows.evaluateAll((trs) =>
      trs.map((tr) => tr.querySelector("th a")?.getAttribute("href")?.split("/").pop() ?? ""),
    );
    expect(shownIds).toEqual(wantedIds);
    await expectAccessible(page);
    await screenshot(page, "customers-tab-risk-filter");

    await page.reload();
    await eventually(() => rows.count()).toBe(wantedIds.length);
    expect(await page.getByLabel("Minimum risk score").inputValue()).toBe(String(minimum));
    expect(await page.getByLabel("Risk flag").inputValue()).toBe(flag);
    await expectEveryRowRisky(rows, minimum, flag);
  });

  it("when a deep link asks for a high minimum score alone, then every row shown scores at least that", async () => {
    const page = await signedIn("/customers?min_risk=40&limit=100");
    const rows = page.locator("table.guests tbody tr");
    const wanted = await api.get("/v1/guests?limit=100&risk_score[gte]=40", { key: "investigator", account });
    expect(wanted.json.data.length).toBeGreaterThan(0);

    await eventually(() => rows.count()).toBe(wanted.json.data.length);

    await expectEveryRowRisky(rows, 40, null);
    expect(await page.getByLabel("Minimum risk score").inputValue()).toBe("40");
  });

  it("when the rings list is opened, then the planted ring is listed with its score, and its page and graph show its guests", async () => {
    const ring = demo.truth.fraud.ring;
    const member = await api.get(`/v1/guests/${ring.guests[0]}`, { key: "investigator", account });
    const ringId: string = member.json.risk.ring;
    expect(ringId).toMatch(/^ring_/);
    const page = await signedIn("/rings?has_dispute=true");

    const row = page.locator("table.rings tbody tr", { hasText: ringId });
    await eventually(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain(String(ring.guests.length));
    await expectAccessible(page);
    await screenshot(page, "rings");

    await row.getByRole("link", { name: ringId, exact: true }).click();
    await eventually(() => page.getByRole("heading", { level: 1 }).innerText()).toBe(ringId);
    const guests = page
      .locator("section", { has: page.getByRole("heading", { name: "Guests", exact: true }) })
      .locator("tbody th");
    await eventually(async () => (await guests.allInnerTexts()).sort()).toEqual([...ring.guests].sort());
    await expectAccessible(page);
    await screenshot(page, "ring-page");

    await page.getByRole("link", { name: "Open the ring's graph" }).click();
    await eventually(async () => {
      const shown = (await canvas(page)).nodes;
      return ring.guests.filter((guest) => !shown.includes(guest));
    }).toEqual([]);
  });

  it("when a reader opens the link graph, then the page says it needs an investigator or admin key", async () => {
    const page = await signedIn(`/graph?node=${demo.truth.fraud.ring.guests[0]}`, "reader");

    await eventually(() => page.getByRole("alert").first().innerText()).toContain(
      "This needs a key with the investigator or admin role",
    );
    await expectAccessible(page);
  });
});
