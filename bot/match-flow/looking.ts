import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { findMember, type MemberId } from "../onboarding/members-store.ts";
import { writeSetting } from "../stores/settings.ts";
import { loadMatchStatus, saveMatchStatus, statusOrDefault, type MatchStatus } from "./status-store.ts";

export const RUN_REQUESTED_KEY = "matching.run_requested";
export const LAST_RUN_KEY = "matching.last_run";

/** Asks for a matching run soon (the duty looks every few seconds), instead of at the next scheduled one. */
export async function requestMatchingRun(db: Kysely<Database>, now: Date): Promise<void> {
  await writeSetting(db, RUN_REQUESTED_KEY, now.toISOString());
}

async function currentStatus(db: Kysely<Database>, memberId: MemberId): Promise<MatchStatus> {
  const member = await findMember(db, memberId);
  return statusOrDefault(await loadMatchStatus(db, memberId), member?.onboardedAt ?? null);
}

/**
 * "Looking for a peer" on or off. Turning it on un-pauses, keeps the member's place if they were already waiting
 * (else they wait from now), and asks for a run at once.
 */
export async function setLooking(
  db: Kysely<Database>,
  memberId: MemberId,
  looking: boolean,
  now: Date,
): Promise<MatchStatus> {
  const status = await currentStatus(db, memberId);
  const next: MatchStatus = looking
    ? { paused: false, looking: true, waitingSince: status.looking ? (status.waitingSince ?? now) : now }
    : { paused: status.paused, looking: false, waitingSince: null };
  await saveMatchStatus(db, memberId, next, now);
  if (looking) await requestMatchingRun(db, now);
  return next;
}

/** Pausing keeps the member's place for when they resume; no new suggestions meanwhile. */
export async function setPaused(
  db: Kysely<Database>,
  memberId: MemberId,
  paused: boolean,
  now: Date,
): Promise<MatchStatus> {
  const status = await currentStatus(db, memberId);
  const next: MatchStatus = paused
    ? { ...status, paused: true }
    : { paused: false, looking: true, waitingSince: status.waitingSince ?? now };
  await saveMatchStatus(db, memberId, next, now);
  if (!paused) await requestMatchingRun(db, now);
  return next;
}

export async function matchStatusOf(db: Kysely<Database>, memberId: MemberId): Promise<MatchStatus> {
  return currentStatus(db, memberId);
}
