import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

export const SCREENSHOTS = resolve(import.meta.dirname, "..", "..", ".cache", "screenshots");
const CHROMIUM = "/usr/bin/chromium";

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile folder (it runs as root here, hence no sandbox). */
export async function launchChromium(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "kindred-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
    viewport: { width: 1100, height: 900 },
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
}

/** Runs axe-core in the page (evaluated over CDP, so the page's CSP stays as strict as in production). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const found = (await page.evaluate(
    `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))`,
  )) as AxeViolation[];
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityViolations(page), page.url()).toEqual([]);
}

/** Collects what the page's Content-Security-Policy blocks (the browser reports it on the console). */
export function watchCspViolations(page: Page): string[] {
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) blocked.push(m.text());
  });
  return blocked;
}

/** Presses Tab until the element matching `selector` has focus: proves it is reachable by keyboard. */
export async function tabTo(page: Page, selector: string, maxPresses = 80): Promise<void> {
  const visited: string[] = [];
  for (let i = 0; i < maxPresses; i++) {
    const focused = String(
      await page.evaluate(
        `(() => { const e = document.activeElement; if (!e) return "none"; if (e.matches(${JSON.stringify(selector)})) return "MATCH"; return e.tagName + (e.id ? "#" + e.id : "") + (e.getAttribute("name") ? "[" + e.getAttribute("name") + "]" : ""); })()`,
      ),
    );
    if (focused === "MATCH") return;
    visited.push(focused);
    await page.keyboard.press("Tab");
  }
  throw new Error(
    `${selector} never received focus after ${maxPresses} Tab presses: ${visited.slice(0, 30).join(" → ")}`,
  );
}
