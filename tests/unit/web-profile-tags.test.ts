import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import { memberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findMemberByUserId } from "../../bot/onboarding/members-store.ts";
import { loadProfile } from "../../bot/onboarding/profiles-store.ts";
import { connectDatabase, migrateToLatest } from "../../schema/index.ts";
import { webHarness, type TestVisitor, type WebHarness } from "../support/web-harness.ts";
import { consentingMember, GOOD_PROFILE } from "../support/web-members.ts";

const ANN = "@ann:hs.test";

describe("strength and need tags on the profile form (routes)", () => {
  let h: WebHarness;
  let visitor: TestVisitor;
  beforeEach(async () => {
    h = await webHarness();
    visitor = await consentingMember(h, ANN);
  });
  afterEach(() => h.close());

  const storedProfile = async () => {
    const member = await findMemberByUserId(h.database.db, ANN as never);
    if (member === undefined) return undefined;
    const cipher = memberCipher((await loadSodium()).sodium, h.masterKey);
    return loadProfile(h.database.db, cipher, member.id);
  };

  it("offers the community's tags twice, as labelled groups of checkboxes", async () => {
    const html = visitor.lastHtml;
    expect(html).toContain("<legend>What I can offer</legend>");
    expect(html).toContain("<legend>What I&#39;d like</legend>");
    for (const name of ["strength_tag", "need_tag"])
      expect(html).toContain(
        `<label class="choice"><input type="checkbox" name="${name}" value="coping-with-isolation"/><span>Coping with isolation</span></label>`,
      );
    expect(html).toContain("Choose up to 5.");
  });

  it("saves both lists with the free text, and shows them checked when the member comes back", async () => {
    expect((await visitor.post("/profile", GOOD_PROFILE)).headers.get("location")).toBe("/done");
    expect(await storedProfile()).toMatchObject({
      strengths: "Listening",
      strengthTags: ["listening", "practical-tips"],
      supportWanted: "Someone to talk to on Sundays",
      needTags: ["coping-with-isolation"],
    });
    const page = await (await visitor.get("/profile")).text();
    expect(page).toContain('name="strength_tag" value="practical-tips" checked=""');
    expect(page).toContain('name="need_tag" value="coping-with-isolation" checked=""');
    expect(page).not.toContain('name="need_tag" value="practical-tips" checked=""');

    await visitor.post("/profile", { ...GOOD_PROFILE, strength_tag: [], need_tag: ["respite"] });
    expect(await storedProfile()).toMatchObject({ strengthTags: [], needTags: ["respite"] });
  });

  it("treats tags as optional", async () => {
    const { strength_tag: _s, need_tag: _n, ...untagged } = GOOD_PROFILE;
    expect((await visitor.post("/profile", untagged)).status).toBe(303);
    expect(await storedProfile()).toMatchObject({ strengthTags: [], needTags: [] });
  });

  it.each([
    ["an unknown strength", { strength_tag: ["astrology"] }, "Choose up to 5 things you can offer"],
    ["an unknown need", { need_tag: ["listening", "<script>"] }, "Choose up to 5 things you would like"],
    [
      "too many strengths",
      {
        strength_tag: [
          "listening",
          "practical-tips",
          "navigating-services",
          "coping-with-isolation",
          "talking-to-family",
          "respite",
        ],
      },
      "Choose up to 5 things you can offer",
    ],
    ["the same need twice", { need_tag: ["respite", "respite"] }, "Choose up to 5 things you would like"],
    ["an oversized tag", { need_tag: ["x".repeat(65)] }, "Choose up to 5 things you would like"],
  ])(
    "refuses %s with a clear message, keeps the answers and stores nothing",
    async (_case, change, message) => {
      const response = await visitor.post("/profile", { ...GOOD_PROFILE, ...change });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain(message);
      expect(html).toContain("Nothing was saved.");
      expect(html).not.toContain("<script>");
      expect(html).toContain(">Someone to talk to on Sundays</textarea>"); // what was typed is kept
      expect(await storedProfile()).toBeUndefined();
    },
  );
});

describe("tags at rest (the raw SQLite file)", () => {
  it("does not contain the member's tags in plain text", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "kindred-tags-")), "kindred.sqlite");
    const database = connectDatabase(file);
    const migrated = await migrateToLatest(database);
    if (!migrated.ok) throw new Error(migrated.message);
    const h = await webHarness(undefined, { database, masterKey: new Uint8Array(randomBytes(32)) });
    const visitor = await consentingMember(h, ANN);
    const tags = { strength_tag: ["navigating-services", "talking-to-family"], need_tag: ["respite"] };
    expect((await visitor.post("/profile", { ...GOOD_PROFILE, ...tags })).status).toBe(303);
    await h.close(); // checkpoints the WAL into the main file

    const raw = readFileSync(file).toString("latin1");
    expect(raw).toContain(ANN); // the file is readable: the checks below mean something
    for (const tag of [...tags.strength_tag, ...tags.need_tag]) expect(raw).not.toContain(tag);
  });
});
