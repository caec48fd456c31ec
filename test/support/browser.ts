import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

/**
 * A real, headless Chromium for the console's end-to-end tests: Debian's `chromium` package (never a
 * browser downloaded at run time), driven by playwright-core. `.ci/run` installs it when it is missing;
 * CHROMIUM_PATH points elsewhere.
 */

export const screenshotDir = join(process.cwd(), "test-results");

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
  (path): path is string => Boolean(path),
);

export async function launchChromium(): Promise<Browser> {
  const executablePath = candidates.find((path) => existsSync(path));
  if (!executablePath) {
    throw new Error(
      "No Chromium for the browser tests: install Debian's package (`apt-get install -y chromium`, as .ci/run does) or set CHROMIUM_PATH.",
    );
  }
  // playwright-core gives each launch a fresh, temporary profile (--user-data-dir) of its own.
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Saves a full-page screenshot as test-results/<name>.png (gitignored) and answers its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The axe-core violations of the page that are serious or critical (WCAG 2 A and AA rules), as short lines. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join("; ")}`,
    );
}

/**
 * expect.poll with room for a busy machine: a page waits on the real API and Neo4j, so the answer may take
 * seconds when other tests share the CPU (Vitest's default gives up after one).
 */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 20_000, interval: 100 });
}
