import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSodium } from "../../../bot/crypto/sodium.ts";
import type { UserId } from "../../../bot/ids.ts";
import { memberCipher } from "../../../bot/onboarding/member-cipher.ts";
import { findMemberByUserId } from "../../../bot/onboarding/members-store.ts";
import { seedProgress } from "../../support/progress-seed.ts";
import { webHarness, type TestVisitor, type WebHarness } from "../../support/web-harness.ts";

const ANN = "@ann:hs.test";

async function signedIn(h: WebHarness): Promise<TestVisitor> {
  const visitor = h.visitor();
  await visitor.get("/sign-in");
  h.openId.issue("token-ann", ANN);
  const response = await visitor.post("/sign-in/openid", {
    user_id: ANN,
    access_token: "token-ann",
    matrix_server_name: "hs.test",
  });
  expect(response.status).toBe(303);
  return visitor;
}

describe("the progress page (routes)", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(() => h.close());

  it("is for signed-in members only", async () => {
    const response = await h.visitor().get("/progress");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in");
  });

  it("shows an empty chart and kind words when there is nothing yet, and is linked from the navigation", async () => {
    const visitor = await signedIn(h);
    const response = await visitor.get("/progress");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<a href="/progress">My progress</a>');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="mood-chart"');
    expect(html).toContain("No check-in answers yet");
    expect(html).toContain("No goals yet.");
    expect(html).not.toContain("<table");
  });

  it("shows the mood chart with a table alternative, goal history with steps, and no inline style", async () => {
    const visitor = await signedIn(h);
    const member = await findMemberByUserId(h.database.db, ANN as UserId);
    if (member === undefined) throw new Error("no member");
    const cipher = memberCipher((await loadSodium()).sodium, h.masterKey);
    await seedProgress(h.database.db, cipher, member.id, h.clock.now);
    const response = await visitor.get("/progress");
    const html = await response.text();
    expect(response.headers.get("content-security-policy")).toContain("style-src 'self'");
    expect(html).not.toMatch(/style="|<script>/);
    expect(html).toContain('<title id="mood-chart-title">Your mood each day');
    expect(html).toContain("check-in answers on 23 days in the last four weeks.");
    expect(html.match(/<circle /g)).toHaveLength(23);
    expect(html).toContain("<caption>Your mood by day (average when you answered more than once)</caption>");
    expect(html).toContain("<td>Friday 1 May 2026</td><td>4.0</td>");
    expect(html).toContain(
      'Walk to the park three times a week <span class="tag">(personal · due Monday 11 May 2026 · 1 of 2 steps done)</span>',
    );
    expect(html).toContain('Put my shoes by the door <span class="tag">(done)</span>');
    expect(html).toContain(
      'Call my sister on Sundays <span class="tag">(personal · done Tuesday 28 Apr 2026)</span>',
    );
    expect(html).toContain('Cook one new recipe <span class="tag">(shared in a peer room)</span>');
  });

  it("saves the weekly summary choice from the form, and refuses a bad one or a forged post", async () => {
    const visitor = await signedIn(h);
    await visitor.get("/progress");
    const saved = await visitor.post("/progress/summary", { weekly: "on" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/progress?saved=1");
    const page = await (await visitor.get("/progress?saved=1")).text();
    expect(page).toContain('<p class="notice success" role="status">Saved.</p>');
    expect(page).toMatch(/value="on" checked=""/);
    const rows = () => h.database.db.selectFrom("progress_summaries").select("weekly").execute();
    expect(await rows()).toEqual([{ weekly: 1 }]);
    expect((await visitor.post("/progress/summary", { weekly: "sometimes" })).status).toBe(400);
    expect((await visitor.post("/progress/summary", { weekly: "off" }, { csrf: null })).status).toBe(403);
    expect(await rows()).toEqual([{ weekly: 1 }]);
  });
});
