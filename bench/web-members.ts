/**
 * The members `bench/web.ts` signs in as: each onboarded, with consents and a profile, and the cookies a
 * browser would hold for them (session and CSRF), obtained from the Set-Cookie headers the app wrote.
 */
import { Hono } from "hono";
import type { Kysely } from "kysely";
import type { Sodium } from "../bot/crypto/sodium.ts";
import { deriveKey } from "../bot/crypto/master-key.ts";
import type { UserId } from "../bot/ids.ts";
import type { CommunityProfile } from "../bot/onboarding/community.ts";
import { recordConsents } from "../bot/onboarding/consents-store.ts";
import { memberCipher } from "../bot/onboarding/member-cipher.ts";
import { findOrCreateMember, markOnboarded } from "../bot/onboarding/members-store.ts";
import type { Profile } from "../bot/onboarding/profile.ts";
import { saveProfile } from "../bot/onboarding/profiles-store.ts";
import { createSession } from "../bot/onboarding/sessions-store.ts";
import type { Database } from "../schema/index.ts";
import { writeSignedCookie } from "../web/signed-cookie.ts";

export const PROFILE: Profile = {
  experiences: [
    { id: "caregiving", stage: "now" },
    { id: "grief", stage: "past" },
  ],
  role: "both",
  strengths: "Listening, practical tips about forms and benefits.",
  supportWanted: "Someone to talk to in the evenings.",
  languages: ["en", "fr"],
  timezone: "Europe/London",
  availability: { days: ["mon", "wed", "sat"], times: ["evening"] },
  channels: { modes: ["text", "voice"], settings: ["one_to_one"] },
  capacity: 2,
  filters: { ageBands: ["35-49", "50-64"], genders: [], stage: null },
  note: "Remember to ask about respite care.",
};

/** Onboards `count` members in one transaction; returns each one's session token. */
export async function onboardMembers(
  db: Kysely<Database>,
  secrets: { readonly sodium: Sodium; readonly masterKey: Uint8Array },
  community: CommunityProfile,
  count: number,
): Promise<string[]> {
  const cipher = memberCipher(secrets.sodium, secrets.masterKey);
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      const member = await findOrCreateMember(trx, `@bench-${i}:carers.example` as UserId, now);
      await recordConsents(trx, member.id, community.consents, now);
      await saveProfile(trx, cipher, member.id, { ...PROFILE, note: `${PROFILE.note} (${i})` }, now);
      await markOnboarded(trx, member.id, now);
      tokens.push(await createSession(trx, member.id, now));
    }
    return tokens;
  });
}

/** The session cookie a browser holds for this token, as the app signs it. */
export async function sessionCookie(
  secrets: { readonly sodium: Sodium; readonly masterKey: Uint8Array },
  token: string,
): Promise<string> {
  const key = deriveKey(secrets.sodium, secrets.masterKey, "web-sessions");
  const app = new Hono();
  app.get("/", (c) => {
    writeSignedCookie(c, key, "kindred_session", token, {
      secure: false,
      sameSite: "Lax",
      maxAgeSeconds: 60,
    });
    return c.text("ok");
  });
  return firstCookie(await app.request("/"));
}

/** `name=value` of the first cookie a response sets. */
export const firstCookie = (response: Response): string =>
  (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
