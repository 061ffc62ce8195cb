import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import { loadSodium } from "../bot/crypto/sodium.ts";
import { makeUserId, type UserId } from "../bot/ids.ts";
import type { CommunityProfile } from "../bot/onboarding/community.ts";
import { recordConsents } from "../bot/onboarding/consents-store.ts";
import { memberCipher, type MemberCipher } from "../bot/onboarding/member-cipher.ts";
import { findMemberByUserId, findOrCreateMember, markOnboarded } from "../bot/onboarding/members-store.ts";
import { setPaused } from "../bot/match-flow/index.ts";
import { decodeProfile, profileChoices } from "../bot/onboarding/profile.ts";
import { saveProfile } from "../bot/onboarding/profiles-store.ts";
import { registerUser, type RegisteredUser, type RunningHomeserver } from "../tools/local-matrix/index.ts";
import type { KindredConfig } from "./config.ts";
import { seedMembers, type SeedMember } from "./seed-profiles.ts";
import type { RunningKindred } from "./start.ts";

export interface SeedingDeps {
  readonly db: Kysely<Database>;
  readonly cipher: MemberCipher;
  readonly community: CommunityProfile;
  readonly serverName: string;
  readonly now: () => Date;
  /** Makes the Matrix account (on the community's homeserver); called only for members not seeded before. */
  readonly register: (member: SeedMember, userId: UserId) => Promise<void>;
}

/**
 * Puts the sample members into the community as if each had onboarded on the web: account, every consent, a
 * profile checked like the form's, onboarded (without a welcome DM: nobody reads these accounts), and seekers'
 * matching paused (see SeedMember.paused). Members seeded
 * before are left as they are, so starting again changes nothing.
 */
export async function seedCommunity(deps: SeedingDeps, count = 40): Promise<{ added: number; kept: number }> {
  const choices = profileChoices(deps.community);
  let added = 0;
  for (const seed of seedMembers(deps.community, count)) {
    const userId = makeUserId(seed.localpart, deps.serverName);
    const existing = await findMemberByUserId(deps.db, userId);
    if (existing !== undefined && existing.onboardedAt !== null) continue;
    const decoded = decodeProfile(seed.profile, choices);
    if (!decoded.ok) throw new Error(`sample member ${seed.localpart}: ${decoded.issue.field} is invalid`);
    await deps.register(seed, userId);
    const now = deps.now();
    await deps.db.transaction().execute(async (trx) => {
      const member = await findOrCreateMember(trx, userId, now);
      await recordConsents(trx, member.id, deps.community.consents, now);
      await saveProfile(trx, deps.cipher, member.id, decoded.profile, now);
      await markOnboarded(trx, member.id, now);
      if (seed.paused) await setPaused(trx, member.id, true, now);
    });
    added++;
  }
  return { added, kept: count - added };
}

/** Registers sample members on a local homeserver with one shared password, their display name set. */
export function registerOnHomeserver(
  hs: Pick<RunningHomeserver, "clientUrl" | "sharedSecret">,
  password: string,
): SeedingDeps["register"] {
  return async (seed, userId) => {
    let user: RegisteredUser;
    try {
      user = await registerUser(hs, { localpart: seed.localpart, password });
    } catch (error) {
      // Registered by an earlier start whose database was since removed: the account is there already.
      if (error instanceof Error && error.message.includes("M_USER_IN_USE")) return;
      throw error;
    }
    const response = await fetch(
      `${hs.clientUrl}/_matrix/client/v3/profile/${encodeURIComponent(userId)}/displayname`,
      {
        method: "PUT",
        headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ displayname: seed.displayName }),
      },
    );
    if (!response.ok) throw new Error(`display name of ${userId}: HTTP ${response.status}`);
  };
}

/** `kindred dev --seed-members`: the sample members on the local hs1, with a password kept beside the dev data. */
export async function seedDevCommunity(
  config: KindredConfig,
  kindred: RunningKindred,
  hs: RunningHomeserver,
  devDir: string,
): Promise<string> {
  const file = join(devDir, "sample-member-password.txt");
  const password = existsSync(file)
    ? readFileSync(file, "utf8").trim()
    : randomBytes(9).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  const { sodium } = await loadSodium();
  const { added, kept } = await seedCommunity({
    db: kindred.database.db,
    cipher: memberCipher(sodium, config.masterKey),
    community: config.community,
    serverName: hs.serverName,
    now: () => new Date(),
    register: registerOnHomeserver(hs, password),
  });
  return `  ${added} sample members added (${kept} already there), e.g. @${seedMembers(config.community)[0]?.localpart ?? ""}:${hs.serverName}, password ${password}`;
}
