import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import { memberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findMemberByUserId } from "../../bot/onboarding/members-store.ts";
import { loadProfile } from "../../bot/onboarding/profiles-store.ts";
import { webHarness, type TestVisitor, type WebHarness } from "../support/web-harness.ts";
import { consentingMember, GOOD_PROFILE } from "../support/web-members.ts";

const ANN = "@ann:hs.test";

const radio = (name: string, value: string, checked = false) =>
  `<input type="radio" name="${name}" value="${value}"${checked ? ' checked=""' : ""}/>`;

describe("one's own age band and gender on the profile form (routes)", () => {
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

  it("asks both in one labelled, explained group, each a radio group starting at Prefer not to say", () => {
    const html = visitor.lastHtml;
    expect(html).toContain(
      '<fieldset aria-describedby="self-hint"><legend>Your age and gender (optional)</legend>',
    );
    expect(html).toContain(
      '<p class="hint" id="self-hint">Used only so that members who asked for a peer of a given age or gender can be matched with you; never shown to other members.</p>',
    );
    expect(html).toContain(
      `<fieldset><legend>Your age</legend><div class="choices"><label class="choice">${radio("age_band", "unsaid", true)}<span>Prefer not to say</span></label>`,
    );
    for (const band of ["18-24", "25-34", "35-49", "50-64", "65+"])
      expect(html).toContain(`${radio("age_band", band)}<span>${band}</span>`);
    expect(html).toContain(
      `<fieldset><legend>Your gender</legend><div class="choices"><label class="choice">${radio("gender", "unsaid", true)}<span>Prefer not to say</span></label>`,
    );
    for (const [id, label] of [
      ["woman", "Woman"],
      ["man", "Man"],
      ["non_binary", "Non-binary"],
    ])
      expect(html).toContain(`${radio("gender", id ?? "")}<span>${label ?? ""}</span>`);
    // Before the filters, whose hint says what an age or gender filter asks of others.
    expect(html.indexOf("Your age and gender")).toBeLessThan(
      html.indexOf("Who would you like to be matched"),
    );
    expect(html).toContain("matches you only with members who gave theirs");
  });

  it("saves them sealed, shows them chosen on return, and Prefer not to say clears them", async () => {
    const saved = await visitor.post("/profile", {
      ...GOOD_PROFILE,
      age_band: "25-34",
      gender: "non_binary",
    });
    expect(saved.headers.get("location")).toBe("/done");
    expect(await storedProfile()).toMatchObject({ ageBand: "25-34", gender: "non_binary" });
    const [row] = await h.database.db.selectFrom("profiles").selectAll().execute();
    expect(JSON.stringify(row)).not.toContain("25-34");
    expect(JSON.stringify(row)).not.toContain("non_binary");

    const page = await (await visitor.get("/profile")).text();
    expect(page).toContain(radio("age_band", "25-34", true));
    expect(page).toContain(radio("gender", "non_binary", true));
    expect(page).toContain(radio("age_band", "unsaid"));
    expect(page).toContain(radio("gender", "unsaid"));

    await visitor.post("/profile", { ...GOOD_PROFILE, age_band: "unsaid", gender: "unsaid" });
    expect(await storedProfile()).toMatchObject({ ageBand: null, gender: null });
    const again = await (await visitor.get("/profile")).text();
    expect(again).toContain(radio("age_band", "unsaid", true));
    expect(again).toContain(radio("gender", "unsaid", true));
  });

  it("treats both as optional: a form without them saves them as not said", async () => {
    expect((await visitor.post("/profile", GOOD_PROFILE)).status).toBe(303);
    expect(await storedProfile()).toMatchObject({ ageBand: null, gender: null });
  });

  it("are in My data's download", async () => {
    await visitor.post("/profile", { ...GOOD_PROFILE, age_band: "65+", gender: "woman" });
    const data = (await (await visitor.get("/my-data/export.json")).json()) as Record<string, unknown>;
    expect(data).toMatchObject({ profile: { ageBand: "65+", gender: "woman" } });
  });

  it.each([
    ["an age that is not a band", { age_band: "17" }, "Choose your age from the list, or Prefer not to say."],
    [
      "a gender outside the list",
      { gender: "robot" },
      "Choose your gender from the list, or Prefer not to say.",
    ],
    ["a filter's label as a gender", { gender: "Women" }, "Choose your gender from the list"],
  ])(
    "refuses %s with a clear message, keeps the other answers and changes nothing stored",
    async (_case, change, message) => {
      await visitor.post("/profile", { ...GOOD_PROFILE, age_band: "35-49", gender: "man" });
      const before = await storedProfile();
      const response = await visitor.post("/profile", {
        ...GOOD_PROFILE,
        age_band: "50-64",
        gender: "woman",
        strengths: "Cooking",
        ...change,
      });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain(message);
      expect(html).toContain("Nothing was saved.");
      expect(html).not.toContain("robot");
      expect(html).toContain(">Cooking</textarea>"); // what was typed is kept
      // The field that was right keeps its new answer on the page.
      expect(html).toContain(
        "age_band" in change ? radio("gender", "woman", true) : radio("age_band", "50-64", true),
      );
      expect(await storedProfile()).toEqual(before);
      expect(before).toMatchObject({ ageBand: "35-49", gender: "man", strengths: "Listening" });
    },
  );
});
