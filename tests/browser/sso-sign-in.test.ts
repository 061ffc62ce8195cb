import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page, Request } from "playwright-core";
import { findMemberByUserId } from "../../bot/onboarding/members-store.ts";
import { parseUserId } from "../../bot/ids.ts";
import { freePort, registerUser } from "../../tools/local-matrix/index.ts";
import {
  launchChromium,
  screenshot,
  expectAccessible,
  tabTo,
  watchCspViolations,
  type TestBrowser,
} from "../support/browser.ts";
import type { KindredUnderTest } from "../support/kindred-under-test.ts";
import { startWebKindred } from "../support/web-kindred.ts";

/**
 * Single sign-on against the real hs2, whose login offers a test OpenID Connect identity provider
 * (tools/local-matrix/oidc-provider.ts). Kindred's pages are on `localhost`, hs2 on `127.0.0.1`: different
 * sites, as a community's pages and a member's homeserver are, so SameSite cookies behave as they would.
 */
describe("sign in with the homeserver's single sign-on (headless Chromium, real hs2 + identity provider)", () => {
  const matrix = inject("matrix");
  const hs2 = matrix.hs2;
  const ssoButton = `Continue with ${matrix.hs2Sso.idpName}`;
  let kindred: KindredUnderTest;
  let browser: TestBrowser;
  let web: string;
  let adminToken: string;

  beforeAll(async () => {
    kindred = await startWebKindred(matrix, { publicHost: "localhost" });
    web = new URL(kindred.config.web.publicUrl).origin;
    browser = await launchChromium();
    adminToken = (
      await registerUser(hs2, { localpart: "sso-admin", password: "admin password", admin: true })
    ).accessToken;
  });
  afterAll(async () => {
    await browser.close();
    await kindred.running.stop();
  });

  const admin = async (path: string): Promise<unknown> => {
    const response = await fetch(`${hs2.clientUrl}/_synapse/admin${path}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(response.status, path).toBe(200);
    return response.json();
  };
  const alertText = (page: Page) => page.locator('main [role="alert"]:visible').first().innerText();

  /** Waits until the sign-in is over; if Kindred refused it, fails with its reason rather than a timeout. */
  const expectSignedIn = async (page: Page) => {
    await page.waitForURL((url) => /^\/(orientation|sign-in\/openid)$/.test(url.pathname), {
      timeout: 60_000,
    });
    if (new URL(page.url()).pathname !== "/orientation") {
      const refusals = kindred.logs.records.filter((r) => r.message === "OpenID sign-in refused");
      throw new Error(`sign-in refused: ${await alertText(page)} ${JSON.stringify(refusals)}`);
    }
  };

  /** Opens the sign-in page and fills in the Matrix ID and hs2, until the homeserver's sign-on button shows. */
  const startAt = async (page: Page, userId: string) => {
    await page.goto(`${web}/sign-in`);
    await page.fill("#openid-user", userId);
    await page.fill("#openid-homeserver", hs2.clientUrl);
    await page.getByRole("button", { name: ssoButton }).waitFor();
  };

  it("a member whose account exists only through single sign-on signs in with it, agrees and fills in the profile", async () => {
    const userId = `@sage:${hs2.serverName}`;
    const page = await browser.context.newPage();
    const blocked = watchCspViolations(page);
    const requests: Request[] = [];
    page.on("request", (r) => requests.push(r));
    // Hold the login-token exchange until the return page has been looked at.
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(`${hs2.clientUrl}/_matrix/client/v3/login`, async (route) => {
      if (route.request().method() === "POST") await released;
      await route.continue();
    });

    await startAt(page, userId);
    await expectAccessible(page);
    // hs2 offers passwords too: both ways are on the page.
    expect(await page.isVisible("#openid-password")).toBe(true);
    await screenshot(page, "sso-01-sign-in");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "sso-02-sign-in-phone");
    await page.setViewportSize({ width: 1100, height: 900 });

    await page.getByRole("button", { name: ssoButton }).click();
    await page.waitForURL((url) => url.href.startsWith(`${matrix.hs2Sso.issuer}authorize`));
    await screenshot(page, "sso-03-identity-provider");
    await page.fill("#username", "sage");
    await page.getByRole("button", { name: "Sign in as this user" }).click();

    // The homeserver asks the member to confirm that Kindred may continue: a person reads it and continues.
    const proceed = page.getByRole("link", { name: "Continue" });
    await proceed.waitFor();
    expect(await page.textContent("body")).toContain("localhost");
    await screenshot(page, "sso-04-homeserver-confirms");
    await proceed.click();

    // Kindred's return page: the login token is gone from the address bar before the exchange starts.
    await page.waitForURL(`${web}/sign-in/sso/return`);
    await page.getByText("Checking with your homeserver…").waitFor();
    expect(page.url()).toBe(`${web}/sign-in/sso/return`);
    await expectAccessible(page);
    await screenshot(page, "sso-05-return");
    release();
    await expectSignedIn(page);

    // Only the navigation from the homeserver carried the token; nothing sent it on as a Referer.
    const withToken = requests.filter((r) => r.url().includes("loginToken"));
    expect(withToken.map((r) => new URL(r.url()).pathname)).toEqual(["/sign-in/sso/return"]);
    for (const request of requests) {
      const referer = (await request.allHeaders())["referer"] ?? "";
      expect(referer, request.url()).not.toContain("loginToken");
    }

    // hs2 made the account from the identity provider alone, and the temporary session is logged out.
    const user = (await admin(`/v2/users/${encodeURIComponent(userId)}`)) as {
      external_ids: { auth_provider: string; external_id: string }[];
    };
    expect(user.external_ids).toEqual([{ auth_provider: matrix.hs2Sso.idpId, external_id: "sage" }]);
    const { devices } = (await admin(`/v2/users/${encodeURIComponent(userId)}/devices`)) as {
      devices: { display_name: string | null }[];
    };
    expect(devices.filter((d) => (d.display_name ?? "").startsWith("Kindred sign-in"))).toEqual([]);

    for (const box of await page.locator('input[name="consent"]').all()) await box.check();
    await page.getByRole("button", { name: "I agree, continue" }).click();
    await page.waitForURL(`${web}/profile`);
    await page.getByLabel("Grief and loss").check();
    await page
      .getByRole("group", { name: "Where are you with Grief and loss?" })
      .getByLabel("Been through it")
      .check();
    await page.getByLabel("Offering support").check();
    await page.getByLabel("English").check();
    await page.getByRole("button", { name: "Save my profile" }).click();
    await page.waitForURL(`${web}/done`);
    await screenshot(page, "sso-06-done");

    const member = await findMemberByUserId(kindred.running.database.db, parseUserId(userId) ?? fail());
    expect(member?.userId).toBe(userId);
    expect(member?.onboardedAt).not.toBeNull();
    expect(blocked).toEqual([]);
    await page.close();
  });

  it("a homeserver that offers only single sign-on, naming no provider: one button, no password, keyboard only", async () => {
    const userId = `@juniper:${hs2.serverName}`;
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    // hs2's real answer, with the password flow and the provider list taken out (as such homeservers answer).
    await page.route(`${hs2.clientUrl}/_matrix/client/v3/login`, async (route) => {
      if (route.request().method() !== "GET") return route.continue();
      const real = (await (await route.fetch()).json()) as { flows: { type: string }[] };
      const flows = real.flows.filter((f) => f.type !== "m.login.password").map((f) => ({ type: f.type }));
      return route.fulfill({ json: { flows }, headers: { "access-control-allow-origin": "*" } });
    });
    await page.goto(`${web}/sign-in`);
    await tabTo(page, "#openid-user");
    await page.keyboard.type(userId);
    await tabTo(page, "#openid-homeserver");
    await page.keyboard.type(hs2.clientUrl);
    const generic = page.getByRole("button", { name: "Continue with your homeserver's sign-in page" });
    await generic.waitFor();
    expect(await page.isVisible("#openid-password")).toBe(false);
    expect(await page.isVisible("#openid-password-button")).toBe(false);
    expect(await page.isVisible("#sso-or-password")).toBe(false);
    await page.keyboard.press("Enter"); // no password to send: nothing happens
    expect(page.url()).toBe(`${web}/sign-in`);
    await expectAccessible(page);
    await screenshot(page, "sso-11-sso-only");

    // Without a provider named, hs2 picks its only one.
    await tabTo(page, "#sso-providers button");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.href.startsWith(`${matrix.hs2Sso.issuer}authorize`));
    // Its username field has autofocus, which Chromium may apply a moment after the page has loaded.
    await page.waitForFunction(() => document.activeElement?.id === "username");
    await page.keyboard.type("juniper");
    await page.keyboard.press("Enter");
    const proceed = page.getByRole("link", { name: "Continue" });
    await proceed.waitFor();
    await proceed.focus();
    await page.keyboard.press("Enter");
    await expectSignedIn(page);
    expect(
      await findMemberByUserId(kindred.running.database.db, parseUserId(userId) ?? fail()),
    ).toBeDefined();
    await page.close();
  });

  it("cancelling at the identity provider and coming back says so and offers the other ways, filled in", async () => {
    const userId = `@rowan:${hs2.serverName}`;
    await browser.context.clearCookies(); // another person on the same browser
    const page = await browser.context.newPage();
    await startAt(page, userId);
    await page.getByRole("button", { name: ssoButton }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.waitForURL((url) => url.href.startsWith(`${hs2.clientUrl}/_synapse/client/oidc/callback`));
    await screenshot(page, "sso-07-cancelled-homeserver-page");

    await page.goto(`${web}/sign-in`); // the member comes back to Kindred in the same tab
    await page.locator("#sso-incomplete").waitFor();
    expect(await alertText(page)).toContain("did not finish");
    expect(await page.inputValue("#openid-user")).toBe(userId);
    expect(await page.inputValue("#code-user")).toBe(userId);
    expect(await page.inputValue("#openid-homeserver")).toBe(hs2.clientUrl);
    await page.getByRole("button", { name: ssoButton }).waitFor();
    await expectAccessible(page);
    await screenshot(page, "sso-08-incomplete");
    await page.close();
  });

  it("a return nobody started, a refused token, no token and an unreachable homeserver each explain themselves", async () => {
    const userId = `@ash:${hs2.serverName}`;
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    const expectError = async (query: string, reason: string, text: string) => {
      await page.goto(`${web}/sign-in/sso/return${query}`);
      await page.waitForURL(`${web}/sign-in?error=${reason}`);
      expect(await alertText(page)).toContain(text);
      expect(await page.isVisible("#code-user")).toBe(true);
    };
    // Someone else's link, or a return to another tab: nothing was started here.
    await expectError(
      "?state=made-up&loginToken=stolen",
      "sso_not_started",
      "did not start in this browser tab",
    );
    await expectAccessible(page);
    await screenshot(page, "sso-09-not-started");

    // As the sign-in page leaves it when it sends the member to the homeserver.
    const started = (state: string, base: string) =>
      page.evaluate(
        ([s, b, u]) =>
          sessionStorage.setItem(
            "kindred.sso.pending",
            JSON.stringify({ state: s, base: b, userId: u, at: Date.now() }),
          ),
        [state, base, userId],
      );
    await started("s1", hs2.clientUrl);
    await expectError("?state=s1&loginToken=forged", "sso_refused", "did not accept that sign-in");
    await screenshot(page, "sso-10-refused");
    await started("s2", hs2.clientUrl);
    await expectError("?state=s2", "sso_no_token", "did not finish signing you in");
    await started("s3", `http://127.0.0.1:${await freePort()}`);
    await expectError("?state=s3&loginToken=whatever", "sso_unreachable", "could not reach your homeserver");
    // Started an hour ago: too old.
    await page.evaluate(
      ([b, u]) =>
        sessionStorage.setItem(
          "kindred.sso.pending",
          JSON.stringify({ state: "s4", base: b, userId: u, at: Date.now() - 3_600_000 }),
        ),
      [hs2.clientUrl, userId],
    );
    await expectError("?state=s4&loginToken=late", "sso_not_started", "took too long");
    expect(
      await findMemberByUserId(kindred.running.database.db, parseUserId(userId) ?? fail()),
    ).toBeUndefined();
    await page.close();
  });
});

function fail(): never {
  throw new Error("not a Matrix ID");
}
