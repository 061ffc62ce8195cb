import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";

/** A member's part in matching. With no stored row a member is active and looking since onboarding. */
export interface MatchStatus {
  readonly paused: boolean;
  readonly looking: boolean;
  /** When the member last started waiting for a peer; null = not waiting. */
  readonly waitingSince: Date | null;
}

type StatusRow = Database["match_status"];

function toStatus(row: Pick<StatusRow, "paused" | "looking" | "waiting_since">): MatchStatus {
  return {
    paused: Number(row.paused) === 1,
    looking: Number(row.looking) === 1,
    waitingSince: row.waiting_since === null ? null : new Date(row.waiting_since),
  };
}

/** The stored status, if any (see `statusOrDefault` for members without one). */
export async function loadMatchStatus(
  db: Kysely<Database>,
  memberId: MemberId,
): Promise<MatchStatus | undefined> {
  const row = await db
    .selectFrom("match_status")
    .select(["paused", "looking", "waiting_since"])
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row && toStatus(row);
}

export async function allMatchStatuses(db: Kysely<Database>): Promise<Map<MemberId, MatchStatus>> {
  const rows = await db.selectFrom("match_status").selectAll().execute();
  return new Map(rows.map((row) => [row.member_id as MemberId, toStatus(row)]));
}

/** Members who never changed their status are active and looking, waiting since they finished onboarding. */
export function statusOrDefault(stored: MatchStatus | undefined, onboardedAt: Date | null): MatchStatus {
  return stored ?? { paused: false, looking: onboardedAt !== null, waitingSince: onboardedAt };
}

export async function saveMatchStatus(
  db: Kysely<Database>,
  memberId: MemberId,
  status: MatchStatus,
  now: Date,
): Promise<void> {
  const values = {
    paused: status.paused ? 1 : 0,
    looking: status.looking ? 1 : 0,
    waiting_since: status.waitingSince?.toISOString() ?? null,
    updated_at: now.toISOString(),
  };
  await db
    .insertInto("match_status")
    .values({ member_id: memberId, ...values })
    .onConflict((oc) => oc.column("member_id").doUpdateSet(values))
    .execute();
}
