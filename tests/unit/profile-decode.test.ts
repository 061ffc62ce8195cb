import { describe, expect, it } from "vitest";
import { decodeProfile, type ProfileChoices } from "../../bot/onboarding/profile.ts";

const CHOICES: ProfileChoices = {
  experienceIds: new Set(["grief"]),
  languageCodes: new Set(["en"]),
  supportTagIds: new Set(["listening"]),
};

/** A profile as stored before the form asked one's own age band and gender (and before tags). */
const OLD_PROFILE = {
  experiences: [{ id: "grief", stage: "now" }],
  role: "seeking",
  strengths: "",
  supportWanted: "",
  languages: ["en"],
  timezone: "UTC",
  availability: { days: ["mon"], times: ["evening"] },
  channels: { modes: ["text"], settings: ["one_to_one"] },
  capacity: 1,
  filters: { ageBands: ["25-34"], genders: [], stage: null },
  note: "",
};

describe("decoding a profile's own age band and gender", () => {
  it("decodes a profile without them as not said (null), keeping its filters", () => {
    expect(decodeProfile(OLD_PROFILE, CHOICES)).toEqual({
      ok: true,
      profile: { ...OLD_PROFILE, strengthTags: [], needTags: [], ageBand: null, gender: null },
    });
  });

  it("takes one of the age bands and genders the filters offer, or null for prefer not to say", () => {
    for (const own of [
      { ageBand: "25-34", gender: "non_binary" },
      { ageBand: "65+", gender: null },
      { ageBand: null, gender: "woman" },
    ])
      expect(decodeProfile({ ...OLD_PROFILE, ...own }, CHOICES)).toMatchObject({ ok: true, profile: own });
  });

  it.each([
    ["an age that is not a band", { ageBand: "17" }, "ageBand"],
    ["an age band in other words", { ageBand: "25 to 34" }, "ageBand"],
    ["an age as a number", { ageBand: 30 }, "ageBand"],
    ["a gender outside the list", { gender: "robot" }, "gender"],
    ["a gender filter's plural label", { gender: "Women" }, "gender"],
    ["a list instead of one gender", { gender: ["woman"] }, "gender"],
  ])("refuses %s, naming the field", (_case, own, field) => {
    expect(decodeProfile({ ...OLD_PROFILE, ...own }, CHOICES)).toEqual({
      ok: false,
      issue: { field, problem: expect.stringMatching(/^invalid_/) as unknown },
    });
  });
});
