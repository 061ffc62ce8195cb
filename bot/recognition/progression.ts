import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { IssuedAttestation } from "../attestations/attestation-store.ts";
import { listSigningKeys } from "../attestations/signing-keys.ts";
import type { Duty } from "../duties.ts";
import type { Effect } from "../effects.ts";
import type { BotIdentity } from "../handle-event.ts";
import { findMember, type MemberId } from "../onboarding/members-store.ts";
import { announceOnce } from "./announcements-store.ts";
import { publishConsentOf } from "./consent-store.ts";
import { evidenceOf, evidenceOfAll } from "./evidence.ts";
import { progressionText } from "./messages.ts";
import { claimsFor, issueInTransaction, standingAttestations, withdrawInTransaction } from "./publishing.ts";
import { standingByMember, sweepFacts } from "./progression-facts.ts";
import { grantRole, heldRoles, type HeldRole } from "./roles-store.ts";
import type { RecognitionSettings } from "./settings.ts";
import { earnedRole, ROLE_RANK, type Evidence, type RecognisedRole } from "./thresholds.ts";

/** What reconciling needs of the bot: its community's name (for the words) and recognition settings. */
export interface RecognitionBot {
  readonly community: Pick<BotIdentity["community"], "name">;
  readonly recognition: RecognitionSettings;
}

/** Re-issued before expiry once less than this share of its validity is left. */
const RENEW_WHEN_LEFT = 0.1;

/** One member as progression sees them. */
export interface MemberFacts {
  readonly evidence: Evidence;
  readonly roles: readonly HeldRole[];
  readonly consent: boolean | undefined;
  readonly standing: readonly IssuedAttestation[];
  /** Revocation instants of this community's revoked signing keys, by key ID (ms since the epoch). */
  readonly revokedKeys: ReadonlyMap<string, number>;
}

/** What reconciling would change for this member (pure): the role to grant, and what to issue or withdraw. */
export function plan(
  facts: MemberFacts,
  settings: RecognitionSettings,
  now: Date,
): { readonly grant: RecognisedRole | undefined; readonly publish: "issue" | "withdraw" | "none" } {
  const earned = earnedRole(facts.evidence, settings.thresholds);
  const grant =
    earned !== undefined && ROLE_RANK[earned] > highestRank(facts.roles, ["evidence"]) ? earned : undefined;
  const own = grant ?? topRole(facts.roles, ["evidence", "moderator"]);
  if (facts.consent !== true || own === undefined)
    return { grant, publish: facts.standing.length > 0 ? "withdraw" : "none" };
  const renewAfter = now.getTime() + settings.validityMs * RENEW_WHEN_LEFT;
  // One signed by a key revoked since no longer verifies anywhere: it is replaced, signed by the current key.
  const current = facts.standing.some(
    (a) =>
      a.attestation.claims.role === own &&
      a.attestation.expires_at > renewAfter &&
      a.attestation.issued_at < (facts.revokedKeys.get(a.keyId) ?? Infinity),
  );
  return { grant, publish: current ? "none" : "issue" };
}

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
  const facts: MemberFacts = {
    evidence: await evidenceOf(db, memberId),
    roles: await heldRoles(db, memberId),
    consent: await publishConsentOf(db, memberId),
    standing: await standingAttestations(db, member.userId),
    revokedKeys: await revokedKeysOf(db),
  };
  const todo = plan(facts, settings, now);
  const effects: Effect[] = [];
  if (todo.grant !== undefined) {
    const earned = todo.grant;
    for (const role of ["peer_supporter", "mentor"] as const)
      if (ROLE_RANK[role] <= ROLE_RANK[earned])
        await grantRole(db, { memberId, role, source: "evidence" }, now);
    // A member who reaches mentor at once hears about the mentor role only; the step below is marked told.
    if (earned === "mentor") await announceOnce(db, memberId, "peer_supporter", now);
    if (await announceOnce(db, memberId, earned, now))
      effects.push({
        kind: "direct",
        userId: member.userId,
        body: progressionText(bot.community.name, earned, facts.evidence.pairingsCompleted),
      });
  }
  if (todo.publish === "withdraw")
    return [...effects, ...(await withdrawInTransaction(db, facts.standing, now))];
  if (todo.publish === "none") return effects;
  const own = topRole(await heldRoles(db, memberId), ["evidence", "moderator"]) ?? "peer_supporter";
  const issued = await issueInTransaction(db, settings, member.userId, claimsFor(own, facts.evidence), now);
  if (!issued.ok) return effects; // no signing key yet (first start): the next run issues it
  return [...effects, ...issued.value, ...(await withdrawInTransaction(db, facts.standing, now))];
}

function highestRank(roles: readonly HeldRole[], sources: readonly HeldRole["source"][]): number {
  return Math.max(0, ...roles.filter((r) => sources.includes(r.source)).map((r) => ROLE_RANK[r.role]));
}

function topRole(
  roles: readonly HeldRole[],
  sources: readonly HeldRole["source"][],
): RecognisedRole | undefined {
  const rank = highestRank(roles, sources);
  if (rank === ROLE_RANK.mentor) return "mentor";
  return rank === ROLE_RANK.peer_supporter ? "peer_supporter" : undefined;
}

/**
 * The sweep: everyone's facts read in a few queries, then only members with something to change are
 * reconciled (and written). A member with nothing new costs no query of their own.
 */
export async function reconcileAll(db: Kysely<Database>, bot: BotIdentity, now: Date): Promise<Effect[]> {
  const { recognition } = bot;
  if (recognition === undefined) return [];
  const evidence = await evidenceOfAll(db);
  const { roles, consents } = await sweepFacts(db);
  const standing = await standingByMember(db);
  const revokedKeys = await revokedKeysOf(db);
  const members = new Set([...evidence.keys(), ...roles.keys(), ...consents.keys(), ...standing.keys()]);
  const effects: Effect[] = [];
  for (const memberId of members) {
    const facts: MemberFacts = {
      evidence: evidence.get(memberId) ?? NO_EVIDENCE,
      roles: roles.get(memberId) ?? [],
      consent: consents.get(memberId),
      standing: standing.get(memberId) ?? [],
      revokedKeys,
    };
    const todo = plan(facts, recognition, now);
    if (todo.grant === undefined && todo.publish === "none") continue;
    effects.push(...(await reconcileMember(db, { community: bot.community, recognition }, memberId, now)));
  }
  return effects;
}

async function revokedKeysOf(db: Kysely<Database>): Promise<Map<string, number>> {
  const revoked = new Map<string, number>();
  for (const key of await listSigningKeys(db))
    if (key.revokedFrom !== null) revoked.set(key.keyId, key.revokedFrom.getTime());
  return revoked;
}

const NO_EVIDENCE: Evidence = {
  pairingsCompleted: 0,
  circlesHeld: 0,
  positiveFeedback: 0,
  feedbackGiven: 0,
  trainingCourses: [],
};

export const progressionDuty: Duty = {
  name: "recognition-progression",
  everyMs: 15_000,
  run: reconcileAll,
};
