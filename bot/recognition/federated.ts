import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { AttestationReader } from "../attestations/attestation-room.ts";
import { attestationsFromIssuer } from "../attestations/reading.ts";
import type { Duty } from "../duties.ts";
import type { Effect, IssuerRead } from "../effects.ts";
import type { BotIdentity } from "../handle-event.ts";
import type { UserId } from "../ids.ts";
import { findMemberByUserId, findOrCreateMember, type MemberId } from "../onboarding/members-store.ts";
import { offerText, roleEndedText } from "./messages.ts";
import { decideOffer, markChecked, offersOf, recordOffer, usersDueForCheck } from "./offers-store.ts";
import { heldRoles, revokeRole, updateRoleAttestation } from "./roles-store.ts";
import type { RecognitionSettings } from "./settings.ts";
import { ROLE_RANK, type RecognisedRole } from "./thresholds.ts";

const CHECKS_PER_RUN = 20;

/** Asks to read a member's attestations from every trusted issuer (on first sight, on request, and periodically). */
export function checkEffect(settings: RecognitionSettings, userId: UserId): Effect[] {
  const issuers = settings.trustedIssuers.filter((issuer) => issuer !== settings.issuer);
  return issuers.length === 0 ? [] : [{ kind: "read_attestations", userId, issuers }];
}

/** Members who opened a DM or signed in and were never checked, or not for `recheckAfterMs`. */
export const attestationCheckDuty: Duty = {
  name: "recognition-attestation-checks",
  everyMs: 5_000,
  async run(db, bot, now) {
    const settings = bot.recognition;
    if (settings === undefined || settings.trustedIssuers.length === 0) return [];
    const due = await usersDueForCheck(db, new Date(now.getTime() - settings.recheckAfterMs), CHECKS_PER_RUN);
    const effects: Effect[] = [];
    for (const userId of due) {
      await markChecked(db, userId, now);
      effects.push(...checkEffect(settings, userId));
    }
    return effects;
  },
};

interface Verified {
  readonly attestationId: string;
  readonly role: RecognisedRole;
}

/**
 * What the issuers' rooms say about one user, verified here: a role they attest (and we trust) is offered once;
 * a role granted from an attestation that no longer verifies (withdrawn, key revoked, expired) is ended. An issuer
 * that could not be read changes nothing: an outage must not take anyone's role away.
 */
export async function onAttestationsRead(
  db: Kysely<Database>,
  bot: BotIdentity,
  userId: UserId,
  rooms: readonly IssuerRead[],
  now: Date,
): Promise<Effect[]> {
  const settings = bot.recognition;
  if (settings === undefined) return [];
  const effects: Effect[] = [];
  for (const read of rooms) {
    if (!settings.trustedIssuers.includes(read.issuer)) continue;
    const valid = await verifiedFrom(settings, read, userId, now);
    if (valid === undefined) continue;
    const existing = await findMemberByUserId(db, userId);
    if (existing === undefined && valid.length === 0) continue;
    const member = existing ?? (await findOrCreateMember(db, userId, now));
    effects.push(...(await endWhatNoLongerVerifies(db, member.id, userId, read.issuer, valid, now)));
    effects.push(...(await offerWhatVerifies(db, bot, member.id, userId, read.issuer, valid, now)));
  }
  return effects;
}

async function verifiedFrom(
  settings: RecognitionSettings,
  read: IssuerRead,
  userId: UserId,
  now: Date,
): Promise<Verified[] | undefined> {
  if (!read.contents.ok) return undefined;
  const contents = read.contents.value;
  const reader: AttestationReader = { readIssuerRoom: () => Promise.resolve({ ok: true, value: contents }) };
  const found = await attestationsFromIssuer(reader, settings.vault.sodium, read.issuer, {
    now,
    subject: userId,
  });
  if (!found.ok) return undefined; // no valid key set: cannot tell, change nothing
  return found.value.flatMap(({ attestationId, result }) =>
    result.ok && result.value.attestation.subject === userId
      ? [{ attestationId, role: result.value.attestation.claims.role }]
      : [],
  );
}

async function endWhatNoLongerVerifies(
  db: Kysely<Database>,
  memberId: MemberId,
  userId: UserId,
  issuer: string,
  valid: readonly Verified[],
  now: Date,
): Promise<Effect[]> {
  const effects: Effect[] = [];
  for (const held of await heldRoles(db, memberId)) {
    if (held.source !== "attestation" || held.issuer !== issuer) continue;
    if (valid.some((v) => v.attestationId === held.attestationId)) continue;
    const successor = valid.find((v) => ROLE_RANK[v.role] >= ROLE_RANK[held.role]);
    if (successor !== undefined) {
      await updateRoleAttestation(db, memberId, held.role, successor.attestationId);
      continue;
    }
    await revokeRole(db, memberId, held.role, "attestation", now);
    effects.push({ kind: "direct", userId, body: roleEndedText(issuer, held.role) });
  }
  for (const offer of await offersOf(db, memberId, "offered"))
    if (offer.issuer === issuer && !valid.some((v) => v.attestationId === offer.attestationId))
      await decideOffer(db, offer, "withdrawn", now);
  return effects;
}

async function offerWhatVerifies(
  db: Kysely<Database>,
  bot: BotIdentity,
  memberId: MemberId,
  userId: UserId,
  issuer: string,
  valid: readonly Verified[],
  now: Date,
): Promise<Effect[]> {
  const best = [...valid].sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role])[0];
  if (best === undefined) return [];
  const held = await heldRoles(db, memberId);
  if (held.some((r) => ROLE_RANK[r.role] >= ROLE_RANK[best.role])) return [];
  if (!(await recordOffer(db, { memberId, issuer, role: best.role, attestationId: best.attestationId }, now)))
    return [];
  return [{ kind: "direct", userId, body: offerText(issuer, best.role, bot.community.name) }];
}
