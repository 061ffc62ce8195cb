import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { registerOnHomeserver, seedCommunity } from "../../bin/seed-members.ts";
import { seedMembers } from "../../bin/seed-profiles.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import { answerSuggestion, communityWording, type MatchFlowSettings } from "../../bot/match-flow/index.ts";
import { insertCircleInvitation } from "../../bot/match-flow/circle-invitations-store.ts";
import { loadSuggestion, suggestionNumbers } from "../../bot/match-flow/suggestions-store.ts";
import { memberCipher, type MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findMemberByUserId } from "../../bot/onboarding/members-store.ts";
import { makeUserId, type UserId } from "../../bot/ids.ts";
import { registerUser } from "../../tools/local-matrix/index.ts";
import {
  launchChromium,
  screenshot,
  seriousAccessibilityViolations,
  tabTo,
  type TestBrowser,
} from "../support/browser.ts";
import type { KindredUnderTest } from "../support/kindred-under-test.ts";
import { startWebKindred } from "../support/web-kindred.ts";

const PASSWORD = "correct horse battery staple";

describe("My matches in a real browser (headless Chromium, real homeservers, sample members)", () => {
  const matrix = inject("matrix");
  let kindred: KindredUnderTest;
  let browser: TestBrowser;
  let web: string;
  let mia: string;
  let cipher: MemberCipher;
  let flow: MatchFlowSettings;

  beforeAll(async () => {
    mia = (await registerUser(matrix.hs1, { localpart: `mia${Date.now().toString(36)}`, password: PASSWORD }))
      .userId;
    kindred = await startWebKindred(matrix, { config: { operators: [mia] } });
    web = new URL(kindred.config.web.publicUrl).origin;
    cipher = memberCipher((await loadSodium()).sodium, kindred.config.masterKey);
    flow = {
      ...kindred.config.matching,
      cipher,
      wording: communityWording(kindred.config.community.experiences),
    };
    // The sample members `npm start -- --seed-members` adds, on the real hs1.
    await seedCommunity({
      db: kindred.running.database.db,
      cipher,
      community: kindred.config.community,
      serverName: matrix.hs1.serverName,
      now: () => new Date(),
      register: registerOnHomeserver(matrix.hs1, PASSWORD),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await kindred.running.stop();
  });

  const expectAccessible = async (page: Page) => {
    expect(await seriousAccessibilityViolations(page), page.url()).toEqual([]);
  };

  it("a newcomer onboards, sees a suggestion from the sample members with its reasons and accepts it", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web}/sign-in`);
    await page.fill("#openid-user", mia);
    await page.fill("#openid-homeserver", matrix.hs1.clientUrl);
    await page.fill("#openid-password", PASSWORD);
    await page.getByRole("button", { name: "Sign in with my homeserver" }).click();
    await page.waitForURL(`${web}/orientation`, { timeout: 60_000 });
    for (const box of await page.locator('input[name="consent"]').all()) await box.check();
    await page.getByRole("button", { name: "I agree, continue" }).click();
    await page.waitForURL(`${web}/profile`);

    await page.getByLabel("Caring for someone").check();
    await page
      .getByRole("group", { name: "Where are you with Caring for someone?" })
      .getByLabel("Going through it now")
      .check();
    await page.getByLabel("Seeking support").check();
    await page.getByRole("group", { name: "What I'd like" }).getByLabel("Listening").check();
    await page.getByRole("group", { name: "What I'd like" }).getByLabel("Coping with isolation").check();
    await page.getByLabel("English").check();
    for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri"])
      await page.getByLabel(day, { exact: true }).check();
    await page.getByLabel("Evening").check();
    await expectAccessible(page);
    await screenshot(page, "m01-profile-tags");
    await page.getByRole("button", { name: "Save my profile" }).click();
    await page.waitForURL(`${web}/done`);
    await page.getByRole("link", { name: "See my matches" }).click();
    await page.waitForURL(`${web}/matches`);

    // Saving the profile asked for a run; the matching duty looks every few seconds.
    const deadline = Date.now() + 60_000;
    while (!(await page.getByRole("heading", { name: "Suggestion 1" }).isVisible())) {
      if (Date.now() > deadline) throw new Error("no suggestion within a minute");
      await page.waitForTimeout(1_000);
      await page.reload();
    }
    await expect
      .poll(() => page.getByText(/^Why: They have been through caring for someone/).count())
      .toBe(1);
    await expectAccessible(page);
    await screenshot(page, "m02-matches-suggestion");

    // With the keyboard alone: Tab to the button, Enter (the forms need no JavaScript).
    await tabTo(page, 'button[name="answer"][value="accept"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(`${web}/matches?done=accepted`);
    await page.getByText("You accepted. The bot opens a private room as soon as they accept too.").waitFor();
    await expectAccessible(page);
    await screenshot(page, "m03-accepted");

    // The sample member accepts too (as they would in their DM with the bot).
    const action = (await page.locator('form[action^="/matches/suggestions/"]').getAttribute("action")) ?? "";
    const suggestion = await loadSuggestion(
      kindred.running.database.db,
      cipher,
      action.split("/").pop() ?? "",
    );
    const me = await findMemberByUserId(kindred.running.database.db, mia as UserId);
    const other = suggestion?.members.find((id) => id !== me?.id);
    if (suggestion === undefined || other === undefined) throw new Error("no suggestion stored");
    const peerRooms = { seal: (text: string) => cipher.seal(text) };
    const answered = await answerSuggestion(
      kindred.running.database.db,
      flow,
      peerRooms,
      other,
      suggestion.id,
      "accept",
      new Date(),
    );
    expect(answered.ok && answered.value.state).toBe("opened");
    kindred.running.appservice.processor.wake();

    await page.goto(`${web}/matches`);
    await page.getByRole("heading", { name: /^Pairing 1/ }).waitFor();
    await expect.poll(() => page.getByText(/^With @seed-/).count()).toBe(1);
    await page.locator("summary", { hasText: "End this pairing" }).click(); // opens the <details>
    await expectAccessible(page);
    await screenshot(page, "m04-pairing");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "m05-pairing-phone");
    await page.setViewportSize({ width: 1100, height: 900 });

    await page.getByLabel("It helped").check();
    await page.getByLabel("A private note (optional)").fill("Kind and patient.");
    await page.getByRole("button", { name: "End this pairing" }).click();
    await page.waitForURL(`${web}/matches?done=ended`);
    await page.getByRole("heading", { name: "Past peers" }).waitFor();
    await page.getByText("Thank you for your feedback.").waitFor();
    await expectAccessible(page);
    await screenshot(page, "m06-ended");

    // Block: a confirmation page first (looked at, not confirmed), then back.
    await page.getByRole("link", { name: /^Block @seed-/ }).click();
    await page.waitForURL(/\/matches\/pairings\/[^/]+\/block$/);
    await page.getByRole("heading", { name: "Block a peer" }).waitFor();
    await page.getByText(/They will never be suggested to you again.*They are not told\./).waitFor();
    await expectAccessible(page);
    await screenshot(page, "m07-block-confirm");
    await page.getByRole("link", { name: "Back to My matches" }).click();
    await page.waitForURL(`${web}/matches`);

    // Talk with them again: with the keyboard alone, as the other forms.
    await tabTo(page, 'form[action$="/again"] button');
    await page.keyboard.press("Enter");
    await page.waitForURL(`${web}/matches?done=again`);
    await page.getByText("Noted. If they ask too, the bot suggests you to each other again.").waitFor();
    await page.getByText("You asked to talk with them again.").waitFor();
    expect(await page.getByRole("button", { name: "Talk with them again" }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, "m08-again");

    await page.getByRole("link", { name: "Operator dashboard" }).click();
    await page.waitForURL(`${web}/operator`);
    await page.getByRole("table", { name: "Waiting members" }).waitFor();
    await expectAccessible(page);
    await screenshot(page, "m09-operator");
    await page.close();
  });
  it("a member invited to a peer circle reads it in words and joins it with the keyboard", async () => {
    const db = kindred.running.database.db;
    const me = await findMemberByUserId(db, mia as UserId);
    if (me === undefined) throw new Error("mia is not stored");
    // Two sample members who have been through caring for someone, as the circle run would pick them.
    const seeds = [];
    for (const seed of seedMembers(kindred.config.community)) {
      if (!seed.profile.experiences.some((e) => e.id === "caregiving" && e.stage === "past")) continue;
      const member = await findMemberByUserId(db, makeUserId(seed.localpart, matrix.hs1.serverName));
      if (member !== undefined) seeds.push(member);
      if (seeds.length === 2) break;
    }
    expect(seeds).toHaveLength(2);
    const now = new Date();
    const invitation = await insertCircleInvitation(
      db,
      cipher,
      {
        experience: "caregiving",
        members: [
          { id: me.id, stage: "now", supporter: false },
          ...seeds.map((m) => ({ id: m.id, stage: "past" as const, supporter: true })),
        ],
        expiresAt: new Date(now.getTime() + 48 * 3_600_000),
      },
      now,
      await suggestionNumbers(db),
    );

    const page = await browser.context.newPage();
    await page.goto(`${web}/matches`);
    const circles = page.getByRole("region", { name: "Peer circles" });
    await circles.waitFor();
    await circles.getByText(/3 members who share an experience with you/).waitFor();
    expect(await circles.getByText(/@seed-/).count()).toBe(0); // nobody is named before the room opens
    await expectAccessible(page);
    await screenshot(page, "m10-circle-invitation");

    await tabTo(page, `form[action="/matches/circles/${invitation.id}"] button[value="accept"]`);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${web}/matches?circle=accepted`);
    await page.getByText("You said yes to the circle.").waitFor();
    await page.getByText("You said yes. The room opens once the others have answered.").waitFor();
    await expectAccessible(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "m11-circle-accepted-phone");
    await page.close();
  });
});
