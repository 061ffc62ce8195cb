import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { UserId } from "../ids.ts";
import { findMemberByUserId, type MemberId } from "../onboarding/members-store.ts";
import { err, ok, type Result } from "../result.ts";
import { addBlock, blockedEitherWay } from "./blocks-store.ts";
import { requestMatchingRun } from "./looking.ts";
import { numberedPairings, type NumberedPairing } from "./pairing-numbers.ts";
import { markAgain, outcomeOf, recordFeedback } from "./pairings-store.ts";
import type { Feedback } from "./pairing-end.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { inTransaction } from "./transaction.ts";

export type PeerActionError = "not_found" | "not_ended" | "ambiguous" | "ended_badly" | "not_pair";

/** The pairing a member means: by number, else the only one that fits `fits`. */
export async function pickPairing(
  db: Kysely<Database>,
  memberId: MemberId,
  number: number | undefined,
  fits: (p: NumberedPairing) => boolean,
): Promise<Result<NumberedPairing, "not_found" | "ambiguous">> {
  const numbered = await numberedPairings(db, memberId);
  if (number !== undefined) {
    const found = numbered.find((n) => n.number === number);
    return found === undefined ? err("not_found", `you have no pairing ${number}`) : ok(found);
  }
  const fitting = numbered.filter(fits);
  const only = fitting.length === 1 ? fitting[0] : undefined;
  if (only !== undefined) return ok(only);
  return fitting.length === 0
    ? err("not_found", "no pairing fits")
    : err("ambiguous", "say which, by number");
}

/**
 * Private feedback on an ended pairing: by number, else the latest ended one still without the member's answer.
 * Trains the weights at the next run.
 */
export async function giveFeedback(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  memberId: MemberId,
  number: number | undefined,
  feedback: Feedback,
  now: Date,
): Promise<Result<NumberedPairing, PeerActionError>> {
  return inTransaction(db, async (trx) => {
    const numbered = await numberedPairings(trx, memberId);
    const waiting = numbered.filter((n) =>
      n.pairing.members.some((m) => m.memberId === memberId && m.endedAt !== null && m.outcome === null),
    );
    const target =
      number === undefined ? waiting[waiting.length - 1] : numbered.find((n) => n.number === number);
    if (target === undefined) return err("not_found", "no ended pairing is waiting for your feedback");
    const mine = target.pairing.members.find((m) => m.memberId === memberId);
    if (mine?.endedAt === null) return err("not_ended", "end the pairing first");
    await recordFeedback(trx, flow.cipher, target.pairing.id, memberId, feedback, now);
    await requestMatchingRun(trx, now);
    return ok(target);
  });
}

/**
 * "Let's talk again later" (one-to-one pairings): when both members of an ended pair asked, the next run suggests
 * them again. `both` is false while either has blocked the other or the peer said "not helped", so neither a block
 * nor the peer's feedback is told; only one's own "not helped" is answered with `ended_badly`.
 */
export async function askAgain(
  db: Kysely<Database>,
  memberId: MemberId,
  number: number | undefined,
  now: Date,
): Promise<Result<{ readonly pairing: NumberedPairing; readonly both: boolean }, PeerActionError>> {
  return inTransaction(db, async (trx) => {
    const picked = await pickPairing(
      trx,
      memberId,
      number,
      (n) => n.pairing.status === "ended" && n.pairing.kind === "pair",
    );
    if (!picked.ok) return picked;
    const { pairing } = picked.value;
    if (pairing.kind !== "pair") return err("not_pair", "only a one-to-one pairing is suggested again");
    if (pairing.status !== "ended") return err("not_ended", "this pairing is still going");
    const mine = pairing.members.find((m) => m.memberId === memberId);
    if (mine?.outcome === "not_helped") return err("ended_badly", "this pairing will not be repeated");
    await markAgain(trx, pairing.id, memberId, true, now);
    const other = pairing.members.find((m) => m.memberId !== memberId);
    // The peer's feedback is private: when they said "not helped", the wish is noted like any other and
    // simply never offered (the run skips pairings that ended badly), so the answer gives nothing away.
    const both =
      other !== undefined &&
      other.againAt !== null &&
      outcomeOf(pairing) !== "ended-badly" &&
      !(await blockedEitherWay(trx, memberId, other.memberId));
    if (both) await requestMatchingRun(trx, now);
    return ok({ pairing: picked.value, both });
  });
}

/** Blocks a past peer: by the pairing's number (a circle also needs the Matrix ID), or by Matrix ID. */
export async function blockPeer(
  db: Kysely<Database>,
  memberId: MemberId,
  target: { readonly number?: number; readonly userId?: UserId },
  now: Date,
): Promise<Result<MemberId, PeerActionError>> {
  return inTransaction(db, (trx) => block(trx, memberId, target, now));
}

async function block(
  db: Kysely<Database>,
  memberId: MemberId,
  target: { readonly number?: number; readonly userId?: UserId },
  now: Date,
): Promise<Result<MemberId, PeerActionError>> {
  const numbered = await numberedPairings(db, memberId);
  const chosen = target.userId === undefined ? undefined : await findMemberByUserId(db, target.userId);
  const peersIn = (n: NumberedPairing): MemberId[] =>
    n.pairing.members.map((m) => m.memberId).filter((id) => id !== memberId);
  const pool = target.number === undefined ? numbered : numbered.filter((n) => n.number === target.number);
  if (pool.length === 0) return err("not_found", `you have no pairing ${target.number ?? ""}`.trim());
  const candidates = [...new Set(pool.flatMap(peersIn))];
  const blocked =
    chosen === undefined
      ? candidates.length === 1 && target.number !== undefined
        ? candidates[0]
        : undefined
      : candidates.find((id) => id === chosen.id);
  if (blocked === undefined)
    return chosen === undefined && target.userId === undefined
      ? err("ambiguous", "say whom, with their Matrix ID")
      : err("not_found", "they are not one of your past peers");
  await addBlock(db, memberId, blocked, now);
  return ok(blocked);
}
