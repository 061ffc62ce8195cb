import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import { missingConsents, type ConsentText } from "../bot/onboarding/consents-store.ts";
import type { MemberCipher } from "../bot/onboarding/member-cipher.ts";
import type { Member, MemberId } from "../bot/onboarding/members-store.ts";
import type { OpenedProfile } from "../bot/onboarding/profile.ts";
import { loadProfile } from "../bot/onboarding/profiles-store.ts";
import { liveSession, type LiveSession } from "../bot/onboarding/sessions-store.ts";
import { andThen, RecentValues, type Sync } from "./recent-values.ts";

/** Long enough to serve a member's page views in a row from memory, short enough to bound staleness. */
const KEEP_MS = 5_000;
const MAX_ENTRIES = 2_000;

/**
 * What every signed-in page looks up (the member behind the session cookie, the consents they still lack,
 * their opened profile), remembered for a few seconds. Every web route that writes about a member forgets
 * that member straight after (`forgetMember`), and signing out forgets the session; the time limit only
 * bounds staleness from writes made outside this web app (there are none today). Plaintext profiles stay in
 * memory no longer than that, as they would during any request. What is remembered comes back at once.
 */
export interface MemberCache {
  member(token: string, now: Date): Sync<Member | undefined>;
  missingConsents(member: Member): Sync<readonly ConsentText[]>;
  profile(member: Member): Sync<OpenedProfile | undefined>;
  forgetSession(token: string): void;
  forgetMember(id: MemberId): void;
}

export function memberCache(
  db: Kysely<Database>,
  cipher: MemberCipher,
  consents: readonly ConsentText[],
): MemberCache {
  const sessions = new RecentValues<string, LiveSession | undefined>(KEEP_MS, MAX_ENTRIES);
  const missing = new RecentValues<MemberId, readonly ConsentText[]>(KEEP_MS, MAX_ENTRIES);
  const profiles = new RecentValues<MemberId, OpenedProfile | undefined>(KEEP_MS, MAX_ENTRIES);
  return {
    member: (token, now) =>
      andThen(
        sessions.get(token, () => liveSession(db, token, now)),
        (session) => (session !== undefined && session.expiresAt > now ? session.member : undefined),
      ),
    missingConsents: (member) => missing.get(member.id, () => missingConsents(db, member.id, consents)),
    profile: (member) => profiles.get(member.id, () => loadProfile(db, cipher, member.id)),
    forgetSession: (token) => sessions.forget((key) => key === token),
    forgetMember(id) {
      sessions.forget((_, session) => session?.member.id === id);
      missing.forget((key) => key === id);
      profiles.forget((key) => key === id);
    },
  };
}
