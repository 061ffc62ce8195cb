import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Duty } from "../duties.ts";
import type { Effect } from "../effects.ts";
import type { BotIdentity } from "../handle-event.ts";
import { findMember, type MemberId } from "../onboarding/members-store.ts";
import { announceOnce } from "./announcements-store.ts";
import { consentingMembers, publishConsentOf } from "./consent-store.ts";
import { evidenceOf, membersWithEvidence } from "./evidence.ts";
import { progressionText } from "./messages.ts";
import { claimsFor, issueInTransaction, standingAttestations, withdrawInTransaction } from "./publishing.ts";
import { grantRole, heldRoles, membersWithOwnRoles, type HeldRole } from "./roles-store.ts";
import type { RecognitionSettings } from "./settings.ts";
import { earnedRole, ROLE_RANK, type RecognisedRole } from "./thresholds.ts";

/** What reconciling needs of the bot: its community's name (for the words) and recognition settings. */
export interface RecognitionBot {
  readonly community: Pick<BotIdentity["community"], "name">;
  readonly recognition: RecognitionSettings;
}

/** Re-issued before expiry once less than this share of its validity is left. */
const RENEW_WHEN_LEFT = 0.1;

/**
 * One member, brought up to date with their evidence: roles earned are granted (and each step announced once,
 * kindly, by DM); with their consent, the community's attestation of their highest own role is published (and
 * a superseded one withdrawn); without it, nothing stands. Roles are never taken away by this.
 */
export async function reconcileMember(
  db: Kysely<Database>,
  bot: RecognitionBot,
  memberId: MemberId,
  now: Date,
): Promise<Effect[]> {
  const settings = bot.recognition;
  const member = await findMember(db, memberId);
  if (member === undefined) return [];
  const effects: Effect[] = [];
  const evidence = await evidenceOf(db, memberId);
  const earned = earnedRole(evidence, settings.thresholds);
  const before = await heldRoles(db, memberId);
  if (earned !== undefined && ROLE_RANK[earned] > highestRank(before, ["evidence"])) {
    for (const role of ["peer_supporter", "mentor"] as const)
      if (ROLE_RANK[role] <= ROLE_RANK[earned])
        await grantRole(db, { memberId, role, source: "evidence" }, now);
    // A member who reaches mentor at once hears about the mentor role only; the step below is marked told.
    if (earned === "mentor") await announceOnce(db, memberId, "peer_supporter", now);
    if (await announceOnce(db, memberId, earned, now))
      effects.push({
        kind: "direct",
        userId: member.userId,
        body: progressionText(bot.community.name, earned, evidence.pairingsCompleted),
      });
  }

  const own = topRole(await heldRoles(db, memberId), ["evidence", "moderator"]);
  const standing = await standingAttestations(db, member.userId);
  if ((await publishConsentOf(db, memberId)) !== true || own === undefined)
    return [...effects, ...(await withdrawInTransaction(db, standing, now))];
  const renewAfter = now.getTime() + settings.validityMs * RENEW_WHEN_LEFT;
  const current = standing.find(
    (a) => a.attestation.claims.role === own && a.attestation.expires_at > renewAfter,
  );
  if (current !== undefined) return effects;
  const issued = await issueInTransaction(db, settings, member.userId, claimsFor(own, evidence), now);
  if (!issued.ok) return effects; // no signing key yet (first start): the next run issues it
  return [...effects, ...issued.value, ...(await withdrawInTransaction(db, standing, now))];
}

function highestRank(roles: readonly HeldRole[], sources: readonly HeldRole["source"][]): number {
  return Math.max(0, ...roles.filter((r) => sources.includes(r.source)).map((r) => ROLE_RANK[r.role]));
}

function topRole(
  roles: readonly HeldRole[],
  sources: readonly HeldRole["source"][],
): RecognisedRole | undefined {
  const rank = highestRank(roles, sources);
  return rank === ROLE_RANK.mentor
    ? "mentor"
    : rank === ROLE_RANK.peer_supporter
      ? "peer_supporter"
      : undefined;
}

/** Every member with evidence, a consent or an own role, each in turn. */
export async function reconcileAll(db: Kysely<Database>, bot: BotIdentity, now: Date): Promise<Effect[]> {
  const { recognition } = bot;
  if (recognition === undefined) return [];
  const members = new Set([
    ...(await membersWithEvidence(db)),
    ...(await consentingMembers(db)),
    ...(await membersWithOwnRoles(db)),
  ]);
  const effects: Effect[] = [];
  for (const memberId of members)
    effects.push(...(await reconcileMember(db, { ...bot, recognition }, memberId, now)));
  return effects;
}

export const progressionDuty: Duty = {
  name: "recognition-progression",
  everyMs: 15_000,
  run: reconcileAll,
};
