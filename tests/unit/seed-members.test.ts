import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../bin/config.ts";
import { seedCommunity } from "../../bin/seed-members.ts";
import { seedMembers } from "../../bin/seed-profiles.ts";
import {
  communityWording,
  listSuggestionsFor,
  MATCH_FLOW_DEFAULTS,
  requestMatchingRun,
} from "../../bot/match-flow/index.ts";
import { matchingTick } from "../../bot/match-flow/run.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { findOrCreateMember, markOnboarded, type MemberId } from "../../bot/onboarding/members-store.ts";
import type { CommunityProfile } from "../../bot/onboarding/community.ts";
import { missingConsents } from "../../bot/onboarding/consents-store.ts";
import { memberCipher, type MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import {
  AGE_BANDS,
  decodeProfile,
  GENDERS,
  profileChoices,
  type Profile,
} from "../../bot/onboarding/profile.ts";
import { loadProfile, saveProfile } from "../../bot/onboarding/profiles-store.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { VALID_CONFIG, writeConfig } from "../support/config-files.ts";
import { memoryDatabase } from "../support/database.ts";

/** The community `npm start` runs: a name, and every other key at its default. */
function defaultCommunity(): CommunityProfile {
  const loaded = loadConfig(writeConfig(VALID_CONFIG));
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.value.community;
}

/** Someone trying Kindred: going through one experience now, English, weekday evenings in London. */
const newcomerProfile = (experience: string): Profile => ({
  experiences: [{ id: experience, stage: "now" }],
  role: "seeking",
  strengths: "",
  supportWanted: "Someone who understands",
  needTags: ["listening"],
  languages: ["en"],
  timezone: "Europe/London",
  availability: { days: ["mon", "tue", "wed", "thu", "fri"], times: ["evening"] },
  channels: { modes: ["text"], settings: ["one_to_one"] },
  capacity: 1,
  filters: { ageBands: [], genders: [], stage: null },
  note: "",
});

describe("the sample members for trying Kindred locally", () => {
  const community = defaultCommunity();
  const seeds = seedMembers(community);

  it("are 40 distinct accounts whose profiles pass the profile form's checks", () => {
    expect(seeds).toHaveLength(40);
    expect(new Set(seeds.map((s) => s.localpart)).size).toBe(40);
    const choices = profileChoices(community);
    for (const seed of seeds)
      expect(decodeProfile(seed.profile, choices), seed.localpart).toMatchObject({ ok: true });
  });

  it("are varied: every experience at both stages, supporters who have been through it, languages, zones", () => {
    const experiences = seeds.flatMap((s) => s.profile.experiences);
    for (const { id } of community.experiences) {
      expect(
        experiences.some((e) => e.id === id && e.stage === "now"),
        `${id} now`,
      ).toBe(true);
      expect(
        experiences.some((e) => e.id === id && e.stage === "past"),
        `${id} past`,
      ).toBe(true);
    }
    const supporters = seeds.filter(
      (s) => s.profile.role !== "seeking" && s.profile.experiences.some((e) => e.stage === "past"),
    );
    expect(supporters.length).toBeGreaterThanOrEqual(15);
    expect(new Set(seeds.flatMap((s) => s.profile.languages)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(seeds.map((s) => s.profile.timezone)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(seeds.flatMap((s) => s.profile.strengthTags ?? [])).size).toBeGreaterThanOrEqual(6);
    // Someone trying an age or gender filter finds a free supporter of each; a few prefer not to say.
    const free = seeds.filter((s) => !s.paused);
    expect(new Set(free.map((s) => s.profile.ageBand))).toEqual(new Set([...AGE_BANDS, null]));
    expect(new Set(free.map((s) => s.profile.gender))).toEqual(new Set([...GENDERS, null]));
  });

  it("are the same every time", () => {
    expect(seedMembers(community)).toEqual(seeds);
  });
});

describe("seeding the community's database", () => {
  let database: DatabaseHandle;
  let cipher: MemberCipher;
  const community = defaultCommunity();
  const registered: string[] = [];
  const deps = () => ({
    db: database.db,
    cipher,
    community,
    serverName: "hs1.test",
    now: () => new Date("2026-05-01T10:00:00Z"),
    register: (_seed: unknown, userId: UserId) => {
      registered.push(userId);
      return Promise.resolve();
    },
  });
  beforeEach(async () => {
    database = await memoryDatabase();
    cipher = memberCipher((await loadSodium()).sodium, new Uint8Array(randomBytes(32)));
    registered.length = 0;
  });
  afterEach(() => database.close());

  it("onboards each sample member through the onboarding stores, once", async () => {
    expect(await seedCommunity(deps())).toEqual({ added: 40, kept: 0 });
    expect(registered).toHaveLength(40);
    const members = await database.db.selectFrom("members").selectAll().execute();
    expect(members).toHaveLength(40);
    expect(members.every((m) => m.onboarded_at !== null)).toBe(true);
    const first = members.find((m) => m.user_id === "@seed-amira:hs1.test");
    if (first === undefined) throw new Error("no @seed-amira");
    expect(await missingConsents(database.db, first.id as MemberId, community.consents)).toEqual([]);
    expect(await loadProfile(database.db, cipher, first.id as MemberId)).toEqual(
      seedMembers(community)[0]?.profile,
    );

    expect(await seedCommunity(deps())).toEqual({ added: 0, kept: 40 });
    expect(registered).toHaveLength(40);
    expect(await database.db.selectFrom("outbox").selectAll().execute()).toEqual([]); // no welcome DMs
  });

  it("gives a newcomer a suggestion at the next matching run, whatever they have lived through", async () => {
    await seedCommunity(deps());
    const flow = { ...MATCH_FLOW_DEFAULTS, cipher, wording: communityWording(community.experiences) };
    const peerRooms = { seal: (text: string) => cipher.seal(text) };
    const now = new Date("2026-05-01T10:05:00Z");
    // The sample members are never suggested to each other.
    expect((await matchingTick(database.db, flow, peerRooms, now)).summary).toMatchObject({
      ran: true,
      suggested: 0,
    });

    const newcomers = [];
    for (const [i, { id }] of community.experiences.entries()) {
      const member = await findOrCreateMember(database.db, `@newcomer${i}:hs1.test` as UserId, now);
      await saveProfile(database.db, cipher, member.id, newcomerProfile(id), now);
      await markOnboarded(database.db, member.id, now);
      newcomers.push(member);
    }
    const later = new Date(now.getTime() + 5_000);
    await requestMatchingRun(database.db, new Date(now.getTime() + 1_000)); // as saving a profile on the web does
    const { summary, effects } = await matchingTick(database.db, flow, peerRooms, later);
    expect(summary.suggested).toBe(newcomers.length);
    for (const member of newcomers) {
      const [suggestion] = await listSuggestionsFor(database.db, flow, member.id);
      expect(suggestion?.reasons, member.userId).toMatch(/^They have been through /);
      expect(effects.some((e) => e.kind === "direct" && e.userId === member.userId)).toBe(true);
    }
  });
});
