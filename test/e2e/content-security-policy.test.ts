import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsole } from "../../console/build.ts";
import { apiUnderTest } from "../support/api-harness.ts";
import { launchChromium } from "../support/browser.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * The content security policy sent with every page (src/http/security.ts) is one the console and the API
 * docs work under: a real Chromium loads them, signs in and renders, and reports no policy violation.
 */

const db = openTestDatabase();
const account = uniqueAccount();
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { investigator: [account] },
  defaultKey: "investigator",
});
let browser: Browser;

beforeAll(async () => {
  await buildConsole();
  await api.start();
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await api.stop();
  await db.close();
});

/** A page that records every CSP violation the browser reports, both as events and as console errors. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("reportViolation", (text: string) => violations.push(text));
  // Runs in the page (a string: this file is compiled without the DOM's types).
  await page.addInitScript(`
    document.addEventListener("securitypolicyviolation", (event) => {
      window.reportViolation(event.violatedDirective + " blocked " + event.blockedURI);
    });
  `);
  return { page, violations };
}

describe("content security policy in a browser", () => {
  it("when the console is opened and signed in to, then it renders and no policy violation is reported", async () => {
    const { page, violations } = await watchedPage();

    const response = await page.goto(`${api.baseUrl()}/`);
    await page.getByLabel("API key").fill(api.keys.investigator ?? "");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Change key" }).waitFor();
    await page.waitForLoadState("networkidle");

    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    expect(violations).toEqual([]);
    await page.close();
  });

  it("when the API docs are opened, then Swagger UI renders the operations and no policy violation is reported", async () => {
    const { page, violations } = await watchedPage();

    await page.goto(`${api.baseUrl()}/docs`);
    await page.locator(".opblock").first().waitFor();
    await page.waitForLoadState("networkidle");

    expect(await page.locator(".opblock").count()).toBeGreaterThan(5);
    expect(violations).toEqual([]);
    await page.close();
  });
});
