import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { memberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findMemberByUserId } from "../../bot/onboarding/members-store.ts";
import {
  launchChromium,
  screenshot,
  seriousAccessibilityViolations,
  type TestBrowser,
} from "../support/browser.ts";
import { seedProgress } from "../support/progress-seed.ts";
import { TestVisitor, WEB_ORIGIN, webHarness, type WebHarness } from "../support/web-harness.ts";

const ANN = "@ann:hs.test";

/** The progress page as a member sees it: the real app over HTTP, drawn by headless Chromium. */
describe("the progress page in a real browser", () => {
  let h: WebHarness;
  let server: ServerType;
  let base = "";
  let browser: TestBrowser;

  beforeAll(async () => {
    h = await webHarness();
    await new Promise<void>((resolve) => {
      server = serve({ fetch: h.app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  it("draws the mood chart and goal history readably on desktop and phone, loading no script", async () => {
    const visitor = new TestVisitor(
      (url, init) => fetch(url.replace(WEB_ORIGIN, base), { ...init, redirect: "manual" }),
      WEB_ORIGIN,
    );
    await visitor.get("/sign-in");
    h.openId.issue("token-ann", ANN);
    await visitor.post("/sign-in/openid", {
      user_id: ANN,
      access_token: "token-ann",
      matrix_server_name: "hs.test",
    });
    const member = await findMemberByUserId(h.database.db, ANN as UserId);
    if (member === undefined) throw new Error("sign-in made no member");
    await seedProgress(
      h.database.db,
      memberCipher((await loadSodium()).sodium, h.masterKey),
      member.id,
      h.clock.now,
    );

    await browser.context.addCookies(
      [...visitor.cookies].map(([name, value]) => ({ name, value, url: base })),
    );
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1000, height: 900 });
    const response = await page.goto(`${base}/progress`);
    expect(response?.status()).toBe(200);
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("svg.mood-chart circle").count()).toBe(23);
    expect(await page.locator("svg.mood-chart").getAttribute("role")).toBe("img");
    const box = await page.locator("svg.mood-chart").boundingBox();
    expect(box?.width).toBeGreaterThan(400);
    await page.locator("details summary").click(); // the numbers behind the chart, without JavaScript
    expect(await page.locator("table.data").first().isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, "progress-desktop");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const phone = await page.locator("svg.mood-chart").boundingBox();
    expect(phone?.width).toBeLessThanOrEqual(390);
    expect(phone?.width).toBeGreaterThan(300);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await screenshot(page, "progress-phone");
    await page.close();
  });
});
