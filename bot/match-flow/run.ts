import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import { matchMentors } from "../matching/mentors.ts";
import { pairFacts } from "../matching/pair-facts.ts";
import { MemoryPairHistory } from "../matching/pair-history.ts";
import { reasonsFrom, type Reason } from "../matching/reasons.ts";
import type { Features } from "../matching/score-model.ts";
import type { Population } from "../matching/types.ts";
import { livePlan } from "./live-matcher.ts";
import { OfferCheck } from "./offer-check.ts";
import { matchingModel } from "./model.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { PeerRoomSettings } from "../peer-rooms/settings.ts";
import { readSetting, writeSetting } from "../stores/settings.ts";
import { LAST_RUN_KEY, RUN_REQUESTED_KEY, requestMatchingRun } from "./looking.ts";
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
import { letOthersIn, readCommunity, type Community } from "./population.ts";
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

/** What a run decided from one read of the community, outside any transaction (see `prepareMatchingRun`). */
export interface PreparedRun {
  readonly kind: "prepared-matching-run";
  /** When the community was read: the next run looks for profiles saved since. */
  readonly readAt: Date;
  readonly community: Community;
  readonly again: readonly Offer[];
  readonly pairs: readonly Offer[];
  readonly mentors: readonly Offer[];
  /** How the engine got its plan: from scratch, or by updating the one kept from the last run. */
  readonly engine: { readonly mode: "built" | "updated"; readonly changed: number };
}

export function isPreparedRun(value: unknown): value is PreparedRun {
  return (value as Partial<PreparedRun> | undefined)?.kind === "prepared-matching-run";
}

/**
 * One tick of the matching duty, inside its transaction: expire overdue suggestions and end pairings whose room
 * closed, then offer what a prepared run decided (`null`: none was). Called without `prepared` (tests), it
 * prepares one itself, on the same handle, when a run is due. A crash anywhere rolls the whole tick back; nothing is
 * half-suggested.
 */
export async function matchingTick(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  now: Date,
  prepared?: PreparedRun | null,
): Promise<{ effects: Effect[]; summary: RunSummary }> {
  const effects: Effect[] = [];
  const expired = await expireSuggestions(db, flow, now, effects);
  await expireCircleInvitations(db, flow, peerRooms, now, effects);
  const closed = await endClosedPairings(db, now, effects);
  const summary = { ran: false, suggested: 0, mentors: 0, circles: 0, expired, closed };
  const run = prepared === undefined ? await prepareMatchingRun(db, flow, now) : prepared;
  if (run == null) return { effects, summary };
  const ran = await commitRun(db, flow, peerRooms, run, now, effects);
  return { effects, summary: { ...summary, ran: true, ...ran } };
}

/**
 * The slow part of a run, outside any transaction so that events and web requests go on meanwhile: read the
 * community (profiles a batch at a time), learn the weights, and plan pairs (with the engine kept from the last
 * run where few members changed) and mentors. Nothing is written. undefined when no run is due.
 */
export async function prepareMatchingRun(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  now: Date,
): Promise<PreparedRun | undefined> {
  if (!(await runDue(db, flow, now))) return undefined;
  const community = await readCommunity(db, flow, now);
  const model = await matchingModel(db);
  await letOthersIn();
  const again = againOffers(community);
  const live = livePlan(flow, withAgainOffers(community.peers, again), model, now);
  const pairs = live.plan.suggestions.map((s): Offer => ({
    kind: "pair",
    members: s.members,
    score: s.score,
    features: s.features,
    reasons: s.reasons,
  }));
  await letOthersIn();
  const mentors = matchMentors(community.mentoring, {
    now,
    seed: flow.seed,
    model,
    newcomerWeeks: flow.newcomerWeeks,
    mentored: community.mentored,
  }).flatMap((m): Offer[] => {
    const newcomer = community.members.get(m.newcomer)?.peer;
    const mentor = community.members.get(m.mentor)?.peer;
    if (newcomer === undefined || mentor === undefined) return [];
    const features = pairFacts(newcomer, mentor).features;
    return [
      {
        kind: "mentor",
        members: [m.newcomer, m.mentor],
        score: m.score,
        features,
        reasons: m.reasons,
        mentor: m.mentor,
      },
    ];
  });
  return {
    kind: "prepared-matching-run",
    readAt: now,
    community,
    again,
    pairs,
    mentors,
    engine: { mode: live.mode, changed: live.changed },
  };
}

const OFFERS_PER_RUN = 1_000;

/** Offers what the run decided, each only if its members are still as the run read them (see OfferCheck). */
async function commitRun(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  run: PreparedRun,
  now: Date,
  effects: Effect[],
): Promise<{ suggested: number; mentors: number; circles: number }> {
  await writeSetting(db, LAST_RUN_KEY, run.readAt.toISOString());
  await markFeedbackLearned(db, run.readAt, now);
  const { community } = run;
  const offers = [...run.again, ...run.pairs, ...run.mentors];
  const check = await OfferCheck.read(
    db,
    community,
    offers.flatMap((o) => o.members),
  );
  const expiresAt = new Date(now.getTime() + flow.suggestionTtlMs);
  const numbers = await suggestionNumbers(db);
  const offered = new Set<MemberId>();
  let suggested = 0;
  let mentors = 0;
  const limit = flow.offersPerRun ?? OFFERS_PER_RUN;
  for (const o of offers) {
    if (suggested + mentors >= limit) {
      // A large first run would hold the transaction (and, on SQLite, the database) for seconds: the members not
      // offered yet are read and planned again by a run asked for now, with the offers made here counted in.
      await requestMatchingRun(db, now);
      return { suggested, mentors, circles: 0 };
    }
    // A refused "again" keeps both wishes, so the next run offers it once the two are free.
    if (!check.admit(o.kind, o.members, o.mentor)) continue;
    if (o.againOf !== undefined) for (const id of o.members) await markAgain(db, o.againOf, id, false, now);
    await offer(db, flow, community, o, expiresAt, now, effects, numbers);
    if (o.kind === "pair") {
      suggested++;
      for (const id of o.members) offered.add(id);
    } else mentors++;
  }
  const circles = await formWaitingCircles(db, flow, peerRooms, community, offered, now, effects, numbers);
  return { suggested, mentors, circles };
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

/** The feedback the run's weights were learned from (pairings ended before it read them) is marked folded in. */
async function markFeedbackLearned(db: Kysely<Database>, readAt: Date, now: Date): Promise<void> {
  await db
    .updateTable("pairings")
    .set({ learned_at: now.toISOString() })
    .where("status", "=", "ended")
    .where("learned_at", "is", null)
    .where("ended_at", "<=", readAt.toISOString())
    .execute();
}

interface Offer {
  readonly kind: "pair" | "mentor";
  readonly members: readonly [MemberId, MemberId];
  readonly score: number;
  readonly features: Features;
  readonly reasons: readonly Reason[];
  /** For mentoring: which of the two is the mentor. */
  readonly mentor?: MemberId;
  /** For a pair who both asked to talk again: the pairing they asked it of. */
  readonly againOf?: string;
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
function againOffers(community: Community): Offer[] {
  const history = new MemoryPairHistory(community.peers.blocks, []);
  const pendingPairs = new Set(community.pending.map((s) => s.members.join("\n")));
  const offers: Offer[] = [];
  for (const pairing of community.pairings) {
    if (pairing.kind !== "pair" || pairing.status !== "ended" || outcomeOf(pairing) === "ended-badly")
      continue;
    if (pairing.members.length !== 2 || pairing.members.some((m) => m.againAt === null)) continue;
    const [a, b] = pairing.members.map((m) => community.members.get(m.memberId)?.peer);
    if (a === undefined || b === undefined || history.isBlocked(a.id, b.id)) continue;
    if (
      community.members.get(a.id)?.status.paused !== false ||
      community.members.get(b.id)?.status.paused !== false
    )
      continue;
    const [first, second] = a.id < b.id ? [a, b] : [b, a];
    const members = [first.id, second.id] as const;
    if (pendingPairs.has(members.join("\n"))) continue;
    const facts = pairFacts(first, second);
    offers.push({
      kind: "pair",
      members,
      score: 0,
      features: facts.features,
      reasons: reasonsFrom(facts),
      againOf: pairing.id,
    });
  }
  return offers;
}

/** The population the engine plans from, as if the "again" offers were made: their loads and history. */
function withAgainOffers(peers: Population, again: readonly Offer[]): Population {
  if (again.length === 0) return peers;
  const extra = new Map<MemberId, number>();
  for (const o of again) for (const id of o.members) extra.set(id, (extra.get(id) ?? 0) + 1);
  return {
    ...peers,
    members: peers.members.map((m) => {
      const more = extra.get(m.id);
      return more === undefined ? m : { ...m, load: m.load + more };
    }),
    pairings: [...peers.pairings, ...again.map((o) => ({ members: o.members, outcome: "active" as const }))],
  };
}
