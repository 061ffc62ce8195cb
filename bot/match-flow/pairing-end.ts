import type { Kysely } from "kysely";
import type { Database, PairingFeedback } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { RoomId } from "../ids.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { shortName } from "../peer-rooms/messages.ts";
import { loadPeerRoom, setPeerRoomStatus } from "../peer-rooms/store.ts";
import { err, ok, type Result } from "../result.ts";
import { numberedPairings, numberOf } from "./pairing-numbers.ts";
import { endMemberPart, endPairingRow, loadPairing, recordFeedback, type Pairing } from "./pairings-store.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { loadMatchStatus, saveMatchStatus } from "./status-store.ts";
import { feedbackQuestion, feedbackThanks } from "./texts.ts";
import { direct, userIdsOf, withEffects } from "./transaction.ts";

export interface Feedback {
  readonly outcome: PairingFeedback;
  /** Private; sealed at rest; "" for none. */
  readonly note: string;
}

export type EndError = "not_found" | "already_ended";

/** Members whose part ended and who still look for peers wait again from now (their place starts afresh). */
export async function backInQueue(db: Kysely<Database>, ids: readonly MemberId[], now: Date): Promise<void> {
  for (const id of ids) {
    const status = await loadMatchStatus(db, id);
    if (status?.looking === true && status.waitingSince === null)
      await saveMatchStatus(db, id, { ...status, waitingSince: now }, now);
  }
}

export async function askForFeedback(
  db: Kysely<Database>,
  ids: readonly MemberId[],
  pairingId: string,
): Promise<Effect[]> {
  const users = await userIdsOf(db, ids);
  const effects: Effect[] = [];
  for (const id of ids) {
    const number = numberOf(await numberedPairings(db, id), pairingId);
    effects.push(...direct(users.get(id), feedbackQuestion(number)));
  }
  return effects;
}

/**
 * A pairing over (its room closed or failed, or a pair member ended it): every part ends, those still looking
 * queue again, and, when the room had opened, everyone is asked privately how it went.
 */
export async function closePairing(
  db: Kysely<Database>,
  pairing: Pairing,
  askFeedback: boolean,
  now: Date,
): Promise<Effect[]> {
  if (!(await endPairingRow(db, pairing.id, now))) return [];
  const open = pairing.members.filter((m) => m.endedAt === null).map((m) => m.memberId);
  for (const id of open) await endMemberPart(db, pairing.id, id, now);
  await backInQueue(db, open, now);
  return askFeedback ? askForFeedback(db, open, pairing.id) : [];
}

/**
 * A member ends a pairing, with or without feedback. A pair (or mentoring) ends for both and its room closes; in
 * a circle only the member's part ends, and the circle ends when fewer than two remain.
 */
export async function end(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  memberId: MemberId,
  pairingId: string,
  feedback: Feedback | undefined,
  now: Date,
): Promise<Result<{ readonly effects: Effect[] }, EndError>> {
  const pairing = await loadPairing(db, pairingId);
  const mine = pairing?.members.find((m) => m.memberId === memberId);
  if (pairing === undefined || mine === undefined) return err("not_found", "no such pairing for you");
  if (pairing.status === "ended" || mine.endedAt !== null) {
    if (feedback === undefined) return err("already_ended", "this pairing has already ended");
    await recordFeedback(db, flow.cipher, pairingId, memberId, feedback, now);
    return ok({ effects: direct((await userIdsOf(db, [memberId])).get(memberId), feedbackThanks) });
  }
  const users = await userIdsOf(
    db,
    pairing.members.map((m) => m.memberId),
  );
  const me = users.get(memberId);
  const still = pairing.members.filter((m) => m.endedAt === null && m.memberId !== memberId);
  const effects: Effect[] = [];
  const room = await loadPeerRoom(db, pairing.peerRoomId);
  const whole = pairing.kind !== "circle" || still.length < 2;
  if (room?.roomId != null) {
    const name = me === undefined ? "A member" : shortName(me);
    effects.push({ kind: "notice", roomId: room.roomId as RoomId, body: endedInRoom(name, whole) });
  }
  await endMemberPart(db, pairingId, memberId, now);
  await backInQueue(db, [memberId], now);
  if (whole) {
    if (room !== undefined && (room.status === "open" || room.status === "opening"))
      await setPeerRoomStatus(db, room.id, { status: "closed", reason: `pairing ended by ${memberId}` }, now);
    effects.push(
      ...(await closePairing(db, pairing, true, now)).filter((e) => e.kind !== "direct" || e.userId !== me),
    );
  }
  if (feedback !== undefined) {
    await recordFeedback(db, flow.cipher, pairingId, memberId, feedback, now);
    effects.push(...direct(me, feedbackThanks));
  } else effects.push(...(await askForFeedback(db, [memberId], pairingId)));
  return ok({ effects });
}

function endedInRoom(name: string, closing: boolean): string {
  return closing
    ? `${name} has ended this pairing. Thank you both for the time you shared. This peer room is now closed; I'll be in touch about what comes next.`
    : `${name} has stepped out of this circle. Thank you, ${name}, for the time you shared.`;
}

/** For the web: ends a pairing (see `end`), queuing its messages. Call the processor's `wake()` afterwards. */
export async function endPairing(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  memberId: MemberId,
  pairingId: string,
  feedback: Feedback | undefined,
  now: Date,
): Promise<Result<{ readonly effects: Effect[] }, EndError>> {
  const outcome = await withEffects(
    db,
    `pairing-end:${pairingId}:${memberId}:${now.toISOString()}`,
    now,
    async (trx) => {
      const ended = await end(trx, flow, memberId, pairingId, feedback, now);
      return { ended, effects: ended.ok ? ended.value.effects : [] };
    },
  );
  return outcome.ended;
}
