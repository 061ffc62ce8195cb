import { AsyncLocalStorage } from "node:async_hooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordDirectRoom } from "../../bot/stores/direct-rooms.ts";
import type { RoomId, UserId } from "../../bot/ids.ts";
import { TEST_COMMUNITY, webHarness, type TestVisitor, type WebHarness } from "../support/web-harness.ts";
import { GOOD_PROFILE, signedIn as signedInAs, TEST_CONSENTS } from "../support/web-members.ts";

const ANN = "@ann:hs.test";
const CONSENTS = TEST_CONSENTS;
const signedIn = (h: WebHarness, userId = ANN) => signedInAs(h, userId);

describe("orientation, profile and my data (routes)", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(() => h.close());

  const rows = (table: "consents" | "profiles" | "members" | "web_sessions" | "outbox") =>
    h.database.db.selectFrom(table).selectAll().execute();

  it("sends visitors who are not signed in to the sign-in page", async () => {
    for (const path of [
      "/orientation",
      "/profile",
      "/done",
      "/my-data",
      "/my-data/export.json",
      "/my-data/delete",
    ]) {
      const response = await h.visitor().get(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get("location"), path).toBe("/sign-in");
    }
  });

  it("asks for every consent, stores each with its version and time, and refuses a partial agreement", async () => {
    const visitor = await signedIn(h);
    expect((await visitor.get("/profile")).headers.get("location")).toBe("/orientation");
    const page = await visitor.get("/orientation");
    expect(await page.text()).toContain("What peers share stays here.");

    const partial = await visitor.post("/orientation", { consent: ["confidentiality@1"] });
    expect(partial.status).toBe(400);
    expect(await partial.text()).toContain("agree to each part");
    expect(await rows("consents")).toHaveLength(0);

    const stale = await visitor.post("/orientation", { consent: ["confidentiality@0", "ai@1"] });
    expect(stale.status).toBe(400);

    const agreed = await visitor.post("/orientation", { consent: CONSENTS });
    expect(agreed.headers.get("location")).toBe("/profile");
    const consents = await rows("consents");
    expect(consents.map((c) => [c.consent_id, c.version, c.agreed_at]).sort()).toEqual([
      ["ai", "1", "2026-05-01T10:00:00.000Z"],
      ["confidentiality", "1", "2026-05-01T10:00:00.000Z"],
    ]);
  });

  it("asks again when a consent text gets a new version", async () => {
    const visitor = await signedIn(h);
    await visitor.post("/orientation", { consent: CONSENTS });
    const renewed = {
      ...TEST_COMMUNITY,
      consents: TEST_COMMUNITY.consents.map((c) =>
        c.id === "ai" ? { ...c, version: "2", text: "Now with more." } : c,
      ),
    };
    const next = await webHarness(renewed, { database: h.database, masterKey: h.masterKey });
    const again = await signedIn(next);
    expect((await again.get("/profile")).headers.get("location")).toBe("/orientation");
    expect(await (await again.get("/orientation")).text()).toContain("have changed since you last agreed");
    await again.post("/orientation", { consent: ["confidentiality@1", "ai@2"] });
    expect((await again.get("/profile")).status).toBe(200);
    expect(await rows("consents")).toHaveLength(3);
  });

  describe("with consents given", () => {
    let visitor: TestVisitor;
    beforeEach(async () => {
      visitor = await signedIn(h);
      await visitor.post("/orientation", { consent: CONSENTS });
      await visitor.get("/profile");
    });

    it("saves the profile, greets the member by DM once, and shows it again for editing", async () => {
      const saved = await visitor.post("/profile", GOOD_PROFILE);
      expect(saved.status).toBe(303);
      expect(saved.headers.get("location")).toBe("/done");
      expect(await (await visitor.get("/done")).text()).toContain("sending you a private message");
      const welcome = (await rows("outbox")).filter((r) => r.effect_id.startsWith("welcome:"));
      expect(welcome).toHaveLength(1);
      expect(JSON.parse(welcome[0]?.payload_json ?? "{}")).toMatchObject({ kind: "direct", userId: ANN });
      expect(h.outbox.wakes).toBe(1);

      const edited = await visitor.post("/profile", { ...GOOD_PROFILE, strengths: "Cooking" });
      expect(edited.headers.get("location")).toBe("/profile?saved=1");
      const page = await (await visitor.get("/profile?saved=1")).text();
      expect(page).toContain("Your profile is saved.");
      expect(page).toContain(">Cooking</textarea>");
      expect(page).toContain('value="Europe/London"');
      expect((await rows("outbox")).filter((r) => r.effect_id.startsWith("welcome:"))).toHaveLength(1);
    });

    it("stores experiences, note and filters sealed, not as text", async () => {
      await visitor.post("/profile", GOOD_PROFILE);
      const [row] = await rows("profiles");
      expect(row?.note_sealed).toMatch(/^v1\./);
      expect(JSON.stringify(row)).not.toContain("my private note");
      expect(JSON.stringify(row)).not.toContain("caregiving");
      expect(JSON.stringify(row)).not.toContain("35-49");
    });

    it("shows HTML and script typed into free text escaped", async () => {
      await visitor.post("/profile", {
        ...GOOD_PROFILE,
        strengths: '<script>alert("x")</script><b>bold</b>',
      });
      const page = await (await visitor.get("/profile")).text();
      expect(page).not.toContain("<script>alert");
      expect(page).not.toContain("<b>bold</b>");
      expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;");
    });

    it.each([
      ["an oversized field", { strengths: "x".repeat(1001) }, "too long"],
      ["an oversized note", { note: "x".repeat(2001) }, "Your note is too long"],
      ["no experience", { experience: [] }, "Choose at least one experience"],
      [
        "an experience outside the taxonomy",
        { experience: ["astrology"], "stage-astrology": "now" },
        "Choose at least one experience",
      ],
      ["an experience without a stage", { "stage-grief": "" }, "Choose at least one experience"],
      ["no role", { role: "" }, "Choose what you are here for"],
      ["an unknown language", { language: ["xx"] }, "Choose at least one language"],
      ["an unknown timezone", { timezone: "Mars/Olympus" }, "timezone is not known"],
      ["a capacity out of range", { capacity: "50" }, "from 1 to 10"],
      ["a capacity that is not a number", { capacity: "many" }, "from 1 to 10"],
      ["an unknown filter", { filter_gender: ["robot"] }, "Choose filters"],
    ])("refuses %s with a clear message and stores nothing", async (_case, change, message) => {
      const response = await visitor.post("/profile", { ...GOOD_PROFILE, ...change });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain(message);
      expect(html).toContain("Nothing was saved.");
      expect(await rows("profiles")).toHaveLength(0);
      expect((await rows("outbox")).filter((r) => r.effect_id.startsWith("welcome:"))).toHaveLength(0);
    });

    it("exports everything it holds about the member as JSON, opened", async () => {
      await visitor.post("/profile", GOOD_PROFILE);
      const response = await visitor.get("/my-data/export.json");
      expect(response.headers.get("content-disposition")).toContain("attachment");
      const data = (await response.json()) as Record<string, unknown>;
      expect(data).toMatchObject({
        kind: "kindred-member-export",
        member: { userId: ANN },
        consents: [
          { id: "ai", version: "1" },
          { id: "confidentiality", version: "1" },
        ],
        profile: {
          note: "my private note",
          experiences: [
            { id: "caregiving", stage: "now" },
            { id: "grief", stage: "past" },
          ],
        },
      });
    });

    it("deletes the account only after confirmation, erases everything and has the bot leave the DM", async () => {
      await visitor.post("/profile", GOOD_PROFILE);
      await recordDirectRoom(
        h.database.db,
        { roomId: "!dm:hs.test" as RoomId, member: ANN as UserId },
        new Date(),
      );
      await visitor.get("/my-data/delete");
      const unconfirmed = await visitor.post("/my-data/delete", {});
      expect(unconfirmed.status).toBe(400);
      expect(await unconfirmed.text()).toContain("Nothing was deleted");
      expect(await rows("members")).toHaveLength(1);

      const deleted = await visitor.post("/my-data/delete", { confirm: "yes" });
      expect(deleted.status).toBe(200);
      expect(await deleted.text()).toContain("Your account is deleted");
      for (const table of ["members", "profiles", "consents", "web_sessions"] as const)
        expect(await rows(table), table).toHaveLength(0);
      expect(await h.database.db.selectFrom("direct_rooms").selectAll().execute()).toHaveLength(0);
      const outbox = await rows("outbox");
      expect(outbox.map((r) => JSON.parse(r.payload_json) as unknown)).toContainEqual({
        kind: "leave",
        roomId: "!dm:hs.test",
      });
      expect(JSON.stringify(outbox)).not.toContain(ANN);
      expect((await visitor.get("/profile")).headers.get("location")).toBe("/sign-in");
    });

    it("signs out", async () => {
      const response = await visitor.post("/sign-out", {});
      expect(response.headers.get("location")).toBe("/");
      expect(await rows("web_sessions")).toHaveLength(0);
      expect((await visitor.get("/profile")).headers.get("location")).toBe("/sign-in");
    });
  });

  it("renders every page without hono/jsx's AsyncLocalStorage (once started, it slows every request)", async () => {
    const run = vi.spyOn(AsyncLocalStorage.prototype, "run");
    try {
      const fresh = await webHarness(TEST_COMMUNITY, { database: h.database, masterKey: h.masterKey });
      const visitor = await signedIn(fresh);
      for (const path of ["/", "/?country=gb", "/nowhere", "/orientation"]) await visitor.get(path);
      await visitor.post("/orientation", { consent: ["confidentiality@1"] }); // refused: an error notice
      await visitor.post("/orientation", { consent: CONSENTS });
      await visitor.post("/profile", { ...GOOD_PROFILE, capacity: "0" }); // refused
      await visitor.post("/profile", GOOD_PROFILE);
      for (const path of ["/profile", "/profile?saved=1", "/done", "/my-data", "/my-data/delete"])
        expect((await visitor.get(path)).status, path).toBe(200);
      expect(run).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
    }
  });
});
