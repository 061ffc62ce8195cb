import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { UserId } from "../ids.ts";
import { utcHoursFromLocal } from "../matching/local-availability.ts";
import type { MatchCandidate, PastPairing, Population } from "../matching/types.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { Profile } from "../onboarding/profile.ts";
import { loadProfile } from "../onboarding/profiles-store.ts";
import { allBlocks } from "./blocks-store.ts";
import { allPairings, outcomeOf, pastPairingsOf, type Pairing } from "./pairings-store.ts";
import { mentorCapacities } from "./roles-store.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { allMatchStatuses, statusOrDefault, type MatchStatus } from "./status-store.ts";
import { PENDING_STATES, refusedPairs, suggestionsIn, type StoredSuggestion } from "./suggestions-store.ts";

/** A declined suggestion is never offered again; an expired one not for this long. */
const EXPIRED_REST_MS = 7 * 24 * 3_600_000;

export interface CommunityMember {
  readonly id: MemberId;
  readonly userId: UserId;
  readonly profile: Profile;
  readonly status: MatchStatus;
  /** Open to a peer circle (the profile's "group" setting). */
  readonly groups: boolean;
}

/** Everything a run needs, read once: the engine's views and what the flow keeps beside them. */
export interface Community {
  readonly members: ReadonlyMap<MemberId, CommunityMember>;
  /** For peer matching: paused members and those not looking are not active. */
  readonly peers: Population;
  /** For mentoring: mentors count as active while not paused, looking or not. */
  readonly mentoring: Population;
  readonly pending: readonly StoredSuggestion[];
  readonly pairings: readonly Pairing[];
  /** Newcomers who have (or are being offered) a mentor. */
  readonly mentored: ReadonlySet<MemberId>;
}

/**
 * Opening a profile (several sealed fields, then decoding) is most of a run's cost, and profiles rarely change:
 * each flow keeps the opened ones (without the private note, which matching never reads) until `updated_at` moves.
 */
const openedProfiles = new WeakMap<MatchFlowSettings, Map<MemberId, { at: string; profile: Profile }>>();

async function openedProfile(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  id: MemberId,
  updatedAt: string,
): Promise<Profile | undefined> {
  let cache = openedProfiles.get(flow);
  if (cache === undefined) openedProfiles.set(flow, (cache = new Map()));
  const cached = cache.get(id);
  if (cached?.at === updatedAt) return cached.profile;
  const loaded = await loadProfile(db, flow.cipher, id);
  if (loaded === undefined) cache.delete(id);
  else cache.set(id, { at: updatedAt, profile: { ...loaded, note: "" } });
  return loaded && { ...loaded, note: "" };
}

/** Reads profiles, statuses, blocks, pairings, pending suggestions and roles into the engine's populations. */
export async function readCommunity(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  now: Date,
): Promise<Community> {
  const rows = await db
    .selectFrom("members")
    .innerJoin("profiles", "profiles.member_id", "members.id")
    .select([
      "members.id",
      "members.user_id",
      "members.created_at",
      "members.onboarded_at",
      "profiles.updated_at",
    ])
    .where("members.onboarded_at", "is not", null)
    .orderBy("members.id")
    .execute();
  const statuses = await allMatchStatuses(db);
  const mentors = await mentorCapacities(db);
  const pending = await suggestionsIn(db, flow.cipher, PENDING_STATES);
  const pairings = await allPairings(db);
  const peerLoad = new Map<MemberId, number>();
  const mentorLoad = new Map<MemberId, number>();
  const mentored = new Set<MemberId>();
  const add = (map: Map<MemberId, number>, id: MemberId): void => {
    map.set(id, (map.get(id) ?? 0) + 1);
  };
  for (const pairing of pairings) {
    if (pairing.status !== "active") continue;
    for (const m of pairing.members) {
      if (m.endedAt !== null) continue;
      if (pairing.kind !== "mentor") add(peerLoad, m.memberId);
      else if (mentors.has(m.memberId)) add(mentorLoad, m.memberId);
      else mentored.add(m.memberId);
    }
  }
  for (const suggestion of pending) {
    for (const id of suggestion.members) {
      if (suggestion.kind === "pair") add(peerLoad, id);
      else if (mentors.has(id)) add(mentorLoad, id);
      else mentored.add(id);
    }
  }
  // Ended mentor pairings count as mentored too: a newcomer gets one mentor, not one after another.
  for (const pairing of pairings)
    if (pairing.kind === "mentor")
      for (const m of pairing.members) if (!mentors.has(m.memberId)) mentored.add(m.memberId);

  // Availability repeats (a few zones, a few habits), and each zone's offset costs an Intl call: ask once each.
  const hoursFor = new Map<string, number[]>();
  const weeklyHours = (p: Profile): number[] => {
    const key = JSON.stringify([p.timezone, p.availability.days, p.availability.times]);
    let hours = hoursFor.get(key);
    if (hours === undefined) {
      hours = utcHoursFromLocal(p.availability.days, p.availability.times, p.timezone, now);
      hoursFor.set(key, hours);
    }
    return hours;
  };
  const members = new Map<MemberId, CommunityMember>();
  const peers: MatchCandidate[] = [];
  const mentoring: MatchCandidate[] = [];
  for (const row of rows) {
    const id = row.id as MemberId;
    const profile = await openedProfile(db, flow, id, row.updated_at);
    if (profile === undefined) continue;
    const onboardedAt = row.onboarded_at === null ? null : new Date(row.onboarded_at);
    const status = statusOrDefault(statuses.get(id), onboardedAt);
    members.set(id, {
      id,
      userId: row.user_id as UserId,
      profile,
      status,
      groups: profile.channels.settings.includes("group"),
    });
    const mentorCapacity = mentors.get(id);
    const base: MatchCandidate = {
      id,
      status: !status.paused && status.looking ? "active" : "paused",
      experiences: profile.experiences,
      role: profile.role,
      strengths: profile.strengthTags ?? [],
      needs: profile.needTags ?? [],
      languages: profile.languages,
      timezone: profile.timezone,
      weeklyHours: weeklyHours(profile),
      channels: profile.channels.modes,
      capacity: profile.capacity,
      load: peerLoad.get(id) ?? 0,
      filters: {
        ageBands: profile.filters.ageBands,
        genders: profile.filters.genders,
        stages: profile.filters.stage === null ? [] : [profile.filters.stage],
      },
      // Null ("prefer not to say", or a profile saved before the form asked) passes no age or gender filter.
      attributes: { ageBand: profile.ageBand ?? null, gender: profile.gender ?? null },
      mentor:
        mentorCapacity === undefined ? null : { capacity: mentorCapacity, load: mentorLoad.get(id) ?? 0 },
      joinedAt: onboardedAt ?? new Date(row.created_at),
      waitingSince: !status.paused && status.looking ? status.waitingSince : null,
    };
    peers.push(base);
    mentoring.push(mentorCapacity !== undefined && !status.paused ? { ...base, status: "active" } : base);
  }
  // Members who deleted their account leave the cache too.
  const cache = openedProfiles.get(flow);
  for (const id of cache?.keys() ?? []) if (!members.has(id)) cache?.delete(id);
  const history = await historyOf(db, pairings, pending, now);
  const blocks = await allBlocks(db);
  return {
    members,
    peers: { members: peers, blocks, pairings: history },
    mentoring: { members: mentoring, blocks, pairings: history },
    pending,
    pairings,
    mentored,
  };
}

/**
 * Past pairings in the order they happened, then what a run must not offer again, as "active" (the engine's
 * "not again now"): pending suggestions, declined and recently expired ones, and pairings that ended (a member
 * asks for "again" to meet the same peer). An "ended-badly" outcome stays: it is never replaced.
 */
async function historyOf(
  db: Kysely<Database>,
  pairings: readonly Pairing[],
  pending: readonly StoredSuggestion[],
  now: Date,
): Promise<PastPairing[]> {
  const history = pairings.flatMap(pastPairingsOf);
  const rest = (members: readonly [MemberId, MemberId]): PastPairing => ({ members, outcome: "active" });
  for (const pairing of pairings)
    if (pairing.status === "ended" && outcomeOf(pairing) !== "ended-badly")
      history.push(...pastPairingsOf(pairing).map((p) => rest(p.members)));
  history.push(...pending.map((s) => rest(s.members)));
  history.push(...(await refusedPairs(db, new Date(now.getTime() - EXPIRED_REST_MS))).map(rest));
  return history;
}
