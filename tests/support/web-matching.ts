import { randomBytes } from "node:crypto";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { communityWording, MATCH_FLOW_DEFAULTS } from "../../bot/match-flow/index.ts";
import { matchingTick } from "../../bot/match-flow/run.ts";
import { recordConsents } from "../../bot/onboarding/consents-store.ts";
import { memberCipher, type MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findOrCreateMember, markOnboarded, type Member } from "../../bot/onboarding/members-store.ts";
import type { Profile } from "../../bot/onboarding/profile.ts";
import { saveProfile } from "../../bot/onboarding/profiles-store.ts";
import type { WebMatching } from "../../web/context.ts";
import { memoryDatabase } from "./database.ts";
import { TEST_COMMUNITY, webHarness, type WebHarness } from "./web-harness.ts";

export interface MatchingHarness extends WebHarness {
  readonly matching: WebMatching;
  readonly cipher: MemberCipher;
  /** One tick of the matching duty, as the event processor would run it (its effects are not delivered). */
  runMatching(): Promise<void>;
  /** A member who onboarded somewhere else (the bot, another browser): account, consents, profile. */
  onboarded(userId: string, profile: Profile): Promise<Member>;
}

/** The web app with matching wired as `kindred start` wires it, on in-memory SQLite. */
export async function matchingHarness(operators: readonly string[] = []): Promise<MatchingHarness> {
  const database = await memoryDatabase();
  const masterKey = new Uint8Array(randomBytes(32));
  const cipher = memberCipher((await loadSodium()).sodium, masterKey);
  const matching: WebMatching = {
    flow: { ...MATCH_FLOW_DEFAULTS, cipher, wording: communityWording(TEST_COMMUNITY.experiences) },
    peerRooms: { seal: (text) => cipher.seal(text) },
  };
  const h = await webHarness(TEST_COMMUNITY, { database, masterKey }, { operators, matching });
  return {
    ...h,
    matching,
    cipher,
    async runMatching() {
      await matchingTick(h.database.db, matching.flow, matching.peerRooms, h.clock.now);
    },
    async onboarded(userId, profile) {
      const member = await findOrCreateMember(h.database.db, userId as UserId, h.clock.now);
      await recordConsents(h.database.db, member.id, TEST_COMMUNITY.consents, h.clock.now);
      await saveProfile(h.database.db, cipher, member.id, profile, h.clock.now);
      await markOnboarded(h.database.db, member.id, h.clock.now);
      return member;
    },
  };
}

/** A supporter for the test community's GOOD_PROFILE member (who is caring for someone now). */
export const SUPPORTER: Profile = {
  experiences: [{ id: "caregiving", stage: "past" }],
  role: "offering",
  strengths: "I have cared for my mum for years.",
  supportWanted: "",
  strengthTags: ["coping-with-isolation"],
  needTags: [],
  languages: ["en"],
  timezone: "Europe/London",
  availability: { days: ["sat", "sun"], times: ["evening"] },
  channels: { modes: ["text"], settings: ["one_to_one"] },
  capacity: 2,
  filters: { ageBands: [], genders: [], stage: null },
  note: "SUPPORTER-PRIVATE-NOTE",
};
