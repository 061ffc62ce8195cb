import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import { Matcher } from "../matching/matcher.ts";
import { matchMentors } from "../matching/mentors.ts";
import { pairFacts } from "../matching/pair-facts.ts";
import { MemoryPairHistory } from "../matching/pair-history.ts";
import { reasonsFrom, type Reason } from "../matching/reasons.ts";
import type { Features, ScoreModel } from "../matching/score-model.ts";
import { matchingModel } from "./model.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { PeerRoomSettings } from "../peer-rooms/settings.ts";
import { readSetting, writeSetting } from "../stores/settings.ts";
import { LAST_RUN_KEY, RUN_REQUESTED_KEY } from "./looking.ts";
import { formWaitingCircles } from "./circle-run.ts";
import { expireCircleInvitations } from "./circle-invitations.ts";
import { askForFeedback, backInQueue, closePairing } from "./pairing-end.ts";
import {
  departedParts,
  endMemberPart,
  markAgain,
  outcomeOf,
  pairingsWithClosedRooms,
} from "./pairings-store.ts";
import { readCommunity, type Community } from "./population.ts";
import type { MatchFlowSettings } from "./settings.ts";
import {
  insertSuggestion,
  overdueSuggestions,
  suggestionNumbers,
  updateSuggestion,
} from "./suggestions-store.ts";
import { suggestionExpired, suggestionMessage, viewerReasonsText } from "./texts.ts";
import { direct, userIdsOf } from "./transaction.ts";

export interface RunSummary {
  readonly ran: boolean;
  readonly suggested: number;
  readonly mentors: number;
  readonly circles: number;
  readonly expired: number;
  readonly closed: number;
}

/**
 * One tick of the matching duty, inside its transaction: expire overdue suggestions and end pairings whose room
 * closed (every tick), then, when a run is due (scheduled or asked for), learn the weights from feedback and
 * suggest pairs, mentors and circles. A crash anywhere rolls the whole tick back; nothing is half-suggested.
 */
export async function matchingTick(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  now: Date,
): Promise<{ effects: Effect[]; summary: RunSummary }> {
  const effects: Effect[] = [];
  const expired = await expireSuggestions(db, flow, now, effects);
  await expireCircleInvitations(db, flow, peerRooms, now, effects);
  const closed = await endClosedPairings(db, now, effects);
  const summary = { ran: false, suggested: 0, mentors: 0, circles: 0, expired, closed };
  if (!(await runDue(db, flow, now))) return { effects, summary };
  await writeSetting(db, LAST_RUN_KEY, now.toISOString());
  const ran = await runMatching(db, flow, peerRooms, now, effects);
  return { effects, summary: { ...summary, ran: true, ...ran } };
}

async function runDue(db: Kysely<Database>, flow: MatchFlowSettings, now: Date): Promise<boolean> {
  const last = await readSetting(db, LAST_RUN_KEY);
  if (last === undefined) return true;
  if (now.getTime() - new Date(last).getTime() >= flow.everyMs) return true;
  const requested = await readSetting(db, RUN_REQUESTED_KEY);
  if (requested !== undefined && requested >= last) return true;
  // A profile saved since the last run (a newcomer, or new availability) is matched at once.
  const changed = await db
    .selectFrom("profiles")
    .select("member_id")
    .where("updated_at", ">=", last)
    .limit(1)
    .executeTakeFirst();
  return changed !== undefined;
}

/** Both members are told kindly; whoever was waiting keeps their place (waiting since is left as it was). */
async function expireSuggestions(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  now: Date,
  effects: Effect[],
): Promise<number> {
  let count = 0;
  for (const suggestion of await overdueSuggestions(db, flow.cipher, now)) {
    if (!(await updateSuggestion(db, suggestion, { state: "expired" }, now))) continue;
    count++;
    const users = await userIdsOf(db, suggestion.members);
    suggestion.members.forEach((id, i) =>
      effects.push(...direct(users.get(id), suggestionExpired(suggestion.numbers[i] ?? 0))),
    );
  }
  return count;
}

async function endClosedPairings(db: Kysely<Database>, now: Date, effects: Effect[]): Promise<number> {
  // Someone who left a room that stays open (a circle), or never joined it, is no longer in the pairing.
  for (const part of await departedParts(db)) {
    await endMemberPart(db, part.pairingId, part.memberId, now);
    await backInQueue(db, [part.memberId], now);
    if (part.left) effects.push(...(await askForFeedback(db, [part.memberId], part.pairingId)));
  }
  const pairings = await pairingsWithClosedRooms(db);
  for (const pairing of pairings) {
    // Feedback only where peers met: a room that failed, or that one of two never joined, has nothing to rate.
    const joined = await db
      .selectFrom("peer_room_members")
      .select("user_id")
      .where("peer_room_id", "=", pairing.peerRoomId)
      .where("joined_at", "is not", null)
      .execute();
    effects.push(...(await closePairing(db, pairing, joined.length >= 2, now)));
  }
  return pairings.length;
}

/** Marks the feedback folded in and returns the weights (see `matchingModel`). */
async function learnedModel(db: Kysely<Database>, now: Date): Promise<ScoreModel> {
  const model = await matchingModel(db);
  await db
    .updateTable("pairings")
    .set({ learned_at: now.toISOString() })
    .where("status", "=", "ended")
    .where("learned_at", "is", null)
    .execute();
  return model;
}

async function runMatching(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  now: Date,
  effects: Effect[],
): Promise<{ suggested: number; mentors: number; circles: number }> {
  const expiresAt = new Date(now.getTime() + flow.suggestionTtlMs);
  const before = await readCommunity(db, flow, now);
  const numbers = await suggestionNumbers(db);
  let suggested = await suggestAgain(db, flow, before, expiresAt, now, effects, numbers);
  // New "again" suggestions change loads and history: read again only then (a full read is the run's main cost).
  const community = suggested === 0 ? before : await readCommunity(db, flow, now);
  const model = await learnedModel(db, now);
  const plan = new Matcher(community.peers, { now, seed: flow.seed, model }).plan();
  const offered = new Set<MemberId>();
  for (const s of plan.suggestions) {
    await offer(
      db,
      flow,
      community,
      { kind: "pair", members: s.members, score: s.score, features: s.features, reasons: s.reasons },
      expiresAt,
      now,
      effects,
      numbers,
    );
    for (const id of s.members) offered.add(id);
    suggested++;
  }
  const mentorSuggestions = matchMentors(community.mentoring, {
    now,
    seed: flow.seed,
    model,
    newcomerWeeks: flow.newcomerWeeks,
    mentored: community.mentored,
  });
  for (const m of mentorSuggestions) {
    const newcomer = community.peers.members.find((c) => c.id === m.newcomer);
    const mentor = community.peers.members.find((c) => c.id === m.mentor);
    if (newcomer === undefined || mentor === undefined) continue;
    const features = pairFacts(newcomer, mentor).features;
    await offer(
      db,
      flow,
      community,
      {
        kind: "mentor",
        members: [m.newcomer, m.mentor],
        score: m.score,
        features,
        reasons: m.reasons,
        mentor: m.mentor,
      },
      expiresAt,
      now,
      effects,
      numbers,
    );
  }
  const circles = await formWaitingCircles(db, flow, peerRooms, community, offered, now, effects);
  return { suggested, mentors: mentorSuggestions.length, circles };
}

interface Offer {
  readonly kind: "pair" | "mentor";
  readonly members: readonly [MemberId, MemberId];
  readonly score: number;
  readonly features: Features;
  readonly reasons: readonly Reason[];
  /** For mentoring: which of the two is the mentor. */
  readonly mentor?: MemberId;
}

/** Stores a suggestion and tells both members by DM, each with the reasons worded for them. */
async function offer(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  community: Community,
  suggestion: Offer,
  expiresAt: Date,
  now: Date,
  effects: Effect[],
  numbers: (memberId: MemberId) => number,
): Promise<void> {
  const stored = await insertSuggestion(db, flow.cipher, { ...suggestion, expiresAt }, now, numbers);
  stored.members.forEach((id, i) => {
    const viewer = i === 0 ? 0 : 1;
    const role = suggestion.kind === "pair" ? "peer" : id === suggestion.mentor ? "mentor" : "newcomer";
    const why = viewerReasonsText(stored.reasons, viewer, flow.wording);
    const body = suggestionMessage(suggestion.kind, role, why, stored.numbers[i] ?? 0, flow.suggestionTtlMs);
    effects.push(...direct(community.members.get(id)?.userId, body));
  });
}

/** Ended pairs whose members all asked to talk again, and may: a new suggestion between them. */
async function suggestAgain(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  community: Community,
  expiresAt: Date,
  now: Date,
  effects: Effect[],
  numbers: (memberId: MemberId) => number,
): Promise<number> {
  const history = new MemoryPairHistory(community.peers.blocks, []);
  const pendingPairs = new Set(community.pending.map((s) => s.members.join("\n")));
  let count = 0;
  for (const pairing of community.pairings) {
    if (pairing.kind !== "pair" || pairing.status !== "ended" || outcomeOf(pairing) === "ended-badly")
      continue;
    if (pairing.members.length !== 2 || pairing.members.some((m) => m.againAt === null)) continue;
    const [a, b] = pairing.members.map((m) => community.peers.members.find((c) => c.id === m.memberId));
    if (a === undefined || b === undefined || history.isBlocked(a.id, b.id)) continue;
    if (
      community.members.get(a.id)?.status.paused !== false ||
      community.members.get(b.id)?.status.paused !== false
    )
      continue;
    const members = (a.id < b.id ? [a.id, b.id] : [b.id, a.id]) as [MemberId, MemberId];
    for (const m of pairing.members) await markAgain(db, pairing.id, m.memberId, false, now);
    if (pendingPairs.has(members.join("\n"))) continue;
    const [first, second] = a.id < b.id ? [a, b] : [b, a];
    const facts = pairFacts(first, second);
    await offer(
      db,
      flow,
      community,
      { kind: "pair", members, score: 0, features: facts.features, reasons: reasonsFrom(facts) },
      expiresAt,
      now,
      effects,
      numbers,
    );
    count++;
  }
  return count;
}
