import type { Kysely } from "kysely";
import type { Database, PairingFeedback, PairingKind } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { Evidence } from "./thresholds.ts";
import { trainingOf } from "./training-store.ts";

interface PartRow {
  readonly id: string;
  readonly kind: PairingKind;
  readonly member_id: string;
  readonly outcome: PairingFeedback | null;
}

/**
 * What Kindred itself saw of a member's contribution: ended pairings and circles with their feedback (match-flow's
 * `pairings`/`pairing_members`), and training a moderator recorded. Only outcomes are read, never feedback notes.
 */
export async function evidenceOf(db: Kysely<Database>, memberId: MemberId): Promise<Evidence> {
  const rows = await endedParts(db)
    .where("p.id", "in", (eb) =>
      eb.selectFrom("pairing_members").select("pairing_id").where("member_id", "=", memberId),
    )
    .execute();
  const courses = (await trainingOf(db, memberId)).map((t) => t.course);
  return evidenceFrom(memberId, groupByPairing(rows).values(), courses);
}

/** Everyone's evidence at once (a few queries, however many members): for the progression sweep. */
export async function evidenceOfAll(db: Kysely<Database>): Promise<Map<MemberId, Evidence>> {
  const byPairing = groupByPairing(await endedParts(db).execute());
  const pairingsOf = new Map<string, PartRow[][]>();
  for (const parts of byPairing.values())
    for (const part of parts)
      pairingsOf.set(part.member_id, [...(pairingsOf.get(part.member_id) ?? []), parts]);
  const courses = new Map<string, string[]>();
  const training = await db
    .selectFrom("training_records")
    .select(["member_id", "course"])
    .orderBy("recorded_at")
    .execute();
  for (const row of training) courses.set(row.member_id, [...(courses.get(row.member_id) ?? []), row.course]);
  const all = new Map<MemberId, Evidence>();
  for (const memberId of new Set([...pairingsOf.keys(), ...courses.keys()]))
    all.set(
      memberId as MemberId,
      evidenceFrom(memberId, pairingsOf.get(memberId) ?? [], courses.get(memberId) ?? []),
    );
  return all;
}

function endedParts(db: Kysely<Database>) {
  return db
    .selectFrom("pairing_members as pm")
    .innerJoin("pairings as p", "p.id", "pm.pairing_id")
    .select(["p.id", "p.kind", "pm.member_id", "pm.outcome"])
    .where("p.status", "=", "ended");
}

function groupByPairing(rows: readonly PartRow[]): Map<string, PartRow[]> {
  const byPairing = new Map<string, PartRow[]>();
  for (const row of rows) byPairing.set(row.id, [...(byPairing.get(row.id) ?? []), row]);
  return byPairing;
}

/** Pairs and mentorships count once every peer gave feedback; circles once the member did; feedback is the peers'. */
function evidenceFrom(
  memberId: string,
  pairings: Iterable<readonly PartRow[]>,
  courses: readonly string[],
): Evidence {
  let pairingsCompleted = 0;
  let circlesHeld = 0;
  let positiveFeedback = 0;
  let feedbackGiven = 0;
  for (const parts of pairings) {
    const own = parts.find((m) => m.member_id === memberId);
    if (own === undefined) continue;
    const peers = parts.filter((m) => m.member_id !== memberId);
    if (own.kind === "circle") {
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
  return { pairingsCompleted, circlesHeld, positiveFeedback, feedbackGiven, trainingCourses: courses };
}
