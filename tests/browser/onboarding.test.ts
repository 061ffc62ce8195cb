import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CryptoMember } from "../support/crypto-member.ts";
import type { KindredUnderTest } from "../support/kindred-under-test.ts";
import {
  launchChromium,
  screenshot,
  SCREENSHOTS,
  expectAccessible,
  tabTo,
  watchCspViolations,
  type TestBrowser,
} from "../support/browser.ts";
import { startWebKindred } from "../support/web-kindred.ts";

const PASSWORD = "correct horse battery staple";

describe("onboarding in a real browser (headless Chromium, real homeservers)", () => {
  const matrix = inject("matrix");
  let kindred: KindredUnderTest;
  let browser: TestBrowser;
  let web: string;

  beforeAll(async () => {
    kindred = await startWebKindred(matrix);
    web = new URL(kindred.config.web.publicUrl).origin;
    browser = await launchChromium();
  });
  const members: CryptoMember[] = [];
  afterAll(async () => {
    for (const member of members) member.stop();
    await browser.close();
    await kindred.running.stop();
  });

  it("a member of hs2 signs in with OpenID, agrees, fills in the profile and is greeted by DM", async () => {
    const olive = await CryptoMember.create(matrix.hs2, "olive");
    members.push(olive);
    const page = await browser.context.newPage();
    const blocked = watchCspViolations(page);

    await page.goto(`${web}/?country=GB`);
    await expectAccessible(page);
    await screenshot(page, "01-landing");
    await page.getByRole("link", { name: "Join with your Matrix account" }).click();
    await page.waitForURL(`${web}/sign-in`);
    await expectAccessible(page);
    await page.fill("#openid-user", olive.userId);
    await page.fill("#openid-homeserver", matrix.hs2.clientUrl);
    await page.fill("#openid-password", PASSWORD);
    await screenshot(page, "02-sign-in");
    await page.getByRole("button", { name: "Sign in with my homeserver" }).click();
    await page.waitForURL(`${web}/orientation`, { timeout: 60_000 });

    // The browser's temporary homeserver session was logged out again.
    const { devices } = await olive.client.getDevices();
    expect(devices.filter((d) => (d.display_name ?? "").startsWith("Kindred sign-in"))).toEqual([]);

    await expectAccessible(page);
    await screenshot(page, "03-orientation");
    for (const box of await page.locator('input[name="consent"]').all()) await box.check();
    await page.getByRole("button", { name: "I agree, continue" }).click();
    await page.waitForURL(`${web}/profile`);
    await expectAccessible(page);
    // Pre-filled from the browser's timezone.
    expect(await page.inputValue("#timezone")).not.toBe("");
    await page.getByLabel("Caring for someone").check();
    await page
      .getByRole("group", { name: "Where are you with Caring for someone?" })
      .getByLabel("Going through it now")
      .check();
    await page.getByLabel("Both").check();
    await page.fill("#strengths", "Listening <b>well</b>");
    await page.getByLabel("English").check();
    await page.getByLabel("Evening").check();
    await page.fill("#note", "remember to breathe");
    // One's own age band and gender: optional, "Prefer not to say" until chosen.
    const age = page.getByRole("group", { name: "Your age", exact: true });
    const gender = page.getByRole("group", { name: "Your gender", exact: true });
    expect(await age.getByLabel("Prefer not to say").isChecked()).toBe(true);
    expect(await gender.getByLabel("Prefer not to say").isChecked()).toBe(true);
    await age.getByLabel("25-34").check();
    await gender.getByLabel("Non-binary").check();
    await screenshot(page, "04-profile");
    await page
      .getByRole("group", { name: "Your age and gender (optional)" })
      .screenshot({ path: join(SCREENSHOTS, "04b-profile-age-gender.png") });
    await page.getByRole("button", { name: "Save my profile" }).click();
    await page.waitForURL(`${web}/done`);
    await expectAccessible(page);
    await screenshot(page, "05-done");

    const room = await olive.acceptInviteFrom(kindred.botUserId, 90_000);
    const welcome = await olive.waitForMessage(
      room,
      kindred.botUserId,
      "Welcome to Integration Community",
      90_000,
    );
    expect(welcome.wasEncrypted).toBe(true);

    await page.goto(`${web}/my-data`);
    await expectAccessible(page);
    await screenshot(page, "06-my-data");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download my data (JSON)" }).click(),
    ]);
    const exported = JSON.parse(await streamText(await download.createReadStream())) as {
      profile: { note: string; ageBand: string | null; gender: string | null };
    };
    expect(exported.profile).toMatchObject({
      note: "remember to breathe",
      ageBand: "25-34",
      gender: "non_binary",
    });
    expect(blocked).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${web}/profile`);
    await screenshot(page, "07-profile-phone");
    await page.close();
  });

  it("a second member signs in with a DM code and completes everything with the keyboard only, then deletes the account", async () => {
    const rae = await CryptoMember.create(matrix.hs1, "rae");
    members.push(rae);
    await browser.context.clearCookies(); // a different person on the same browser
    const page = await browser.context.newPage();
    await page.goto(`${web}/sign-in`);
    await tabTo(page, "#code-user");
    await page.keyboard.type(rae.userId);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#code");
    await expectAccessible(page);
    await screenshot(page, "08-code");

    const room = await rae.acceptInviteFrom(kindred.botUserId, 60_000);
    const message = await rae.waitForMessage(room, kindred.botUserId, "sign-in code", 60_000);
    expect(message.wasEncrypted).toBe(true);
    const code = /\b(\d{8})\b/.exec(message.body)?.[1] ?? "";
    await tabTo(page, "#code");
    await page.keyboard.type(code);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${web}/orientation`);

    for (const box of await page.locator('input[name="consent"]').all()) {
      await tabTo(page, `input[name="consent"][value="${(await box.getAttribute("value")) ?? ""}"]`);
      await page.keyboard.press("Space");
    }
    await tabTo(page, 'button[type="submit"]:not(.link)');
    await page.keyboard.press("Enter");
    await page.waitForURL(`${web}/profile`);

    await tabTo(page, 'input[name="experience"][value="grief"]', 150);
    await page.keyboard.press("Space");
    // A radio group is one Tab stop: arrows move within it and choose.
    await tabTo(page, 'input[name="stage-grief"]', 150);
    await page.keyboard.press("ArrowDown");
    await tabTo(page, 'input[name="role"]', 150);
    await page.keyboard.press("Space");
    await tabTo(page, 'input[name="language"][value="en"]', 150);
    await page.keyboard.press("Space");
    expect(await page.isChecked('input[name="stage-grief"][value="past"]')).toBe(true);
    expect(await page.isChecked('input[name="role"][value="seeking"]')).toBe(true);
    await tabTo(page, 'form[action="/profile"] button[type="submit"]', 150);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${web}/done`);

    await page.goto(`${web}/my-data/delete`);
    await expectAccessible(page);
    await tabTo(page, 'input[name="confirm"]');
    await page.keyboard.press("Space");
    await screenshot(page, "09-delete-confirm");
    await tabTo(page, "button.danger");
    await page.keyboard.press("Enter");
    await page.getByText("Your account is deleted").waitFor();
    await screenshot(page, "10-deleted");
    await rae.until(
      "the bot to leave the DM",
      () => rae.client.getRoom(room)?.getMember(kindred.botUserId)?.membership === "leave",
      60_000,
    );
    await page.close();
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}
