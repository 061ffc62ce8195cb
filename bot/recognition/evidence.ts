import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { Evidence } from "./thresholds.ts";
import { trainingOf } from "./training-store.ts";

/**
 * What Kindred itself saw of a member's contribution: ended pairings and circles with their feedback (match-flow's
 * `pairings`/`pairing_members`), and training a moderator recorded. Only outcomes are read, never feedback notes.
 */
export async function evidenceOf(db: Kysely<Database>, memberId: MemberId): Promise<Evidence> {
  const rows = await db
    .selectFrom("pairing_members as pm")
    .innerJoin("pairings as p", "p.id", "pm.pairing_id")
    .select(["p.id", "p.kind", "p.status", "pm.member_id", "pm.outcome"])
    .where("p.status", "=", "ended")
    .where("p.id", "in", (eb) =>
      eb.selectFrom("pairing_members").select("pairing_id").where("member_id", "=", memberId),
    )
    .execute();
  const byPairing = new Map<string, typeof rows>();
  for (const row of rows) byPairing.set(row.id, [...(byPairing.get(row.id) ?? []), row]);

  let pairingsCompleted = 0;
  let circlesHeld = 0;
  let positiveFeedback = 0;
  let feedbackGiven = 0;
  for (const members of byPairing.values()) {
    const own = members.find((m) => m.member_id === memberId);
    if (own === undefined) continue;
    const peers = members.filter((m) => m.member_id !== memberId);
    const kind = members[0]?.kind;
    if (kind === "circle") {
      if (own.outcome !== null) circlesHeld++;
    } else if (own.outcome !== null && peers.length > 0 && peers.every((p) => p.outcome !== null)) {
      pairingsCompleted++;
    }
    for (const peer of peers) {
      if (peer.outcome === null) continue;
      feedbackGiven++;
      if (peer.outcome === "helped") positiveFeedback++;
    }
  }
  const trainingCourses = (await trainingOf(db, memberId)).map((t) => t.course);
  return { pairingsCompleted, circlesHeld, positiveFeedback, feedbackGiven, trainingCourses };
}

/** Members with any evidence at all: the only ones progression needs to look at. */
export async function membersWithEvidence(db: Kysely<Database>): Promise<MemberId[]> {
  const rows = await db
    .selectFrom("pairing_members")
    .select("member_id")
    .union(db.selectFrom("training_records").select("member_id"))
    .execute();
  return rows.map((r) => r.member_id as MemberId);
}
