import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";

export interface EndedPairing {
  readonly pairingId: string;
  readonly peers: readonly MemberId[];
}

/** The member's most recently ended pairing since `since` that is not in `skip`, with the other peers. */
export async function lastEndedPairing(
  db: Kysely<Database>,
  memberId: MemberId,
  since: Date,
  skip: ReadonlySet<string>,
): Promise<EndedPairing | undefined> {
  const ended = await db
    .selectFrom("pairings as p")
    .innerJoin("pairing_members as pm", "pm.pairing_id", "p.id")
    .select(["p.id", "p.ended_at"])
    .where("pm.member_id", "=", memberId)
    .where("p.status", "=", "ended")
    .where("p.ended_at", ">=", since.toISOString())
    .orderBy("p.ended_at", "desc")
    .limit(20)
    .execute();
  const pairing = ended.find((p) => !skip.has(p.id));
  if (pairing === undefined) return undefined;
  const peers = await db
    .selectFrom("pairing_members")
    .select("member_id")
    .where("pairing_id", "=", pairing.id)
    .where("member_id", "!=", memberId)
    .execute();
  return { pairingId: pairing.id, peers: peers.map((p) => p.member_id as MemberId) };
}
