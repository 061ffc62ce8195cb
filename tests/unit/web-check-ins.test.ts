import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webHarness, type TestVisitor, type WebHarness } from "../support/web-harness.ts";

async function signedIn(h: WebHarness): Promise<TestVisitor> {
  const visitor = h.visitor();
  await visitor.get("/sign-in");
  h.openId.issue("tok-checkins", "@cleo:hs.test");
  const response = await visitor.post("/sign-in/openid", {
    user_id: "@cleo:hs.test",
    access_token: "tok-checkins",
    matrix_server_name: "hs.test",
  });
  expect(response.status).toBe(303);
  return visitor;
}

describe("the check-ins page", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(() => h.close());

  it("sends visitors to sign in", async () => {
    const response = await h.visitor().get("/check-ins");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in");
  });

  it("saves days, a time and the optional gentle notes with a plain form post", async () => {
    const visitor = await signedIn(h);
    expect((await visitor.get("/check-ins")).status).toBe(200);
    expect(visitor.lastHtml).toContain("Check-ins are off.");
    const saved = await visitor.post("/check-ins", {
      enabled: "on",
      days: ["mon", "wed", "fri"],
      time: "08:30",
      notice: "yes",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/check-ins?saved=1");
    await visitor.get("/check-ins?saved=1");
    expect(visitor.lastHtml).toContain("Check-ins: mon, wed, fri at 08:30 (UTC). Next: 2026-05-04 at 08:30.");
    const schedule = await h.database.db.selectFrom("schedules").selectAll().executeTakeFirstOrThrow();
    expect(schedule).toMatchObject({
      days: "mon,wed,fri",
      local_time: "08:30",
      enabled: 1,
    });
    const queued = await h.database.db.selectFrom("schedule_queue").select("next_at").execute();
    expect(queued).toEqual([{ next_at: "2026-05-04T08:30:00.000Z" }]);
    const consents = await h.database.db.selectFrom("consents").select(["consent_id", "version"]).execute();
    expect(consents).toContainEqual({ consent_id: "checkin-drift", version: "1" });

    await visitor.post("/check-ins", { enabled: "off", time: "08:30" });
    await visitor.get("/check-ins");
    expect(visitor.lastHtml).toContain("Check-ins are off.");
    expect(
      await h.database.db
        .selectFrom("consents")
        .where("consent_id", "=", "checkin-drift")
        .selectAll()
        .execute(),
    ).toEqual([]);
  });

  it("refuses a post without days or with a bad time, saving nothing, and one without the CSRF token", async () => {
    const visitor = await signedIn(h);
    await visitor.get("/check-ins");
    expect((await visitor.post("/check-ins", { enabled: "on", time: "08:30" })).status).toBe(400);
    expect(visitor.lastHtml).toContain("Nothing was saved.");
    expect((await visitor.post("/check-ins", { enabled: "on", days: ["mon"], time: "25:99" })).status).toBe(
      400,
    );
    expect((await visitor.post("/check-ins", { enabled: "off" }, { csrf: null })).status).toBe(403);
    expect(await h.database.db.selectFrom("schedules").selectAll().execute()).toEqual([]);
  });
});
