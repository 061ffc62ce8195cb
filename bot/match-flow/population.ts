import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { UserId } from "../ids.ts";
import { utcHoursAtOffset, utcOffsetMinutes } from "../matching/local-availability.ts";
import type { MatchCandidate, PastPairing, Population } from "../matching/types.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { Profile } from "../onboarding/profile.ts";
import { loadProfiles } from "../onboarding/profiles-store.ts";
import { allBlocks } from "./blocks-store.ts";
import { tallyLoads } from "./loads.ts";
import { circleInvitees } from "./circle-invitations-store.ts";
import { allPairings, outcomeOf, pastPairingsOf, type Pairing } from "./pairings-store.ts";
import { mentorCapacities } from "./roles-store.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { allMatchStatuses, statusOrDefault, type MatchStatus } from "./status-store.ts";
import { pendingPairs, refusedPairs, type PendingPair } from "./suggestions-store.ts";

/** A declined suggestion is never offered again; an expired one not for this long. */
const EXPIRED_REST_MS = 7 * 24 * 3_600_000;

export interface CommunityMember {
  readonly id: MemberId;
  readonly userId: UserId;
  readonly profile: Profile;
  /** The profile's `updated_at` when read: a run checks it is unchanged before it offers anything. */
  readonly profileSavedAt: string;
  readonly status: MatchStatus;
  /** Open to a peer circle (the profile's "group" setting). */
  readonly groups: boolean;
  /** The member as peer matching and as mentoring see them (entries of `peers` and `mentoring`). */
  readonly peer: MatchCandidate;
  readonly mentoring: MatchCandidate;
}

/** Everything a run needs, read once: the engine's views and what the flow keeps beside them. */
export interface Community {
  readonly members: ReadonlyMap<MemberId, CommunityMember>;
  /** For peer matching: paused members and those not looking are not active. */
  readonly peers: Population;
  /** For mentoring: mentors count as active while not paused, looking or not. */
  readonly mentoring: Population;
  readonly pending: readonly PendingPair[];
  readonly pairings: readonly Pairing[];
  /** Newcomers who have (or are being offered) a mentor. */
  readonly mentored: ReadonlySet<MemberId>;
}

/**
 * Opening a profile (several sealed fields, then decoding) is most of a run's cost, and profiles rarely change:
 * each flow keeps the opened ones (without the private note, which matching never reads) until `updated_at` moves.
 */
const openedProfiles = new WeakMap<MatchFlowSettings, Map<MemberId, { at: string; profile: Profile }>>();

/** The members' profiles, opening only those saved since they were last opened, a batch at a time. */
async function openedProfilesOf(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  rows: readonly { readonly id: string; readonly updated_at: string }[],
): Promise<Map<MemberId, { at: string; profile: Profile }>> {
  let cache = openedProfiles.get(flow);
  if (cache === undefined) openedProfiles.set(flow, (cache = new Map()));
  const stale = rows.filter((row) => cache.get(row.id as MemberId)?.at !== row.updated_at);
  for (let i = 0; i < stale.length; i += OPEN_BATCH) {
    const batch = stale.slice(i, i + OPEN_BATCH);
    const opened = await loadProfiles(
      db,
      flow.cipher,
      batch.map((row) => row.id as MemberId),
    );
    for (const row of batch) {
      const profile = opened.get(row.id as MemberId);
      if (profile === undefined) cache.delete(row.id as MemberId);
      else cache.set(row.id as MemberId, { at: row.updated_at, profile: { ...profile, note: "" } });
    }
    await letOthersIn();
  }
  return cache;
}

const OPEN_BATCH = 1_000;

/** better-sqlite3 answers synchronously, so awaiting a query yields nothing: let the web and the bot in. */
export function letOthersIn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
  const profiles = await openedProfilesOf(db, flow, rows);
  await letOthersIn();
  const statuses = await allMatchStatuses(db);
  const mentors = await mentorCapacities(db);
  const pending = await pendingPairs(db);
  const pairings = await allPairings(db);
  await letOthersIn();
  // Members invited to a circle are busy (at capacity) until it opens, closes or they decline.
  const invited = await circleInvitees(db);
  const { peerLoad, mentorLoad, mentored } = tallyLoads(
    pairings.flatMap((p) =>
      p.members.map((m) => ({
        memberId: m.memberId,
        kind: p.kind,
        current: p.status === "active" && m.endedAt === null,
      })),
    ),
    pending,
    new Set(mentors.keys()),
  );

  // Availability repeats (a few offsets, a few habits), and each zone's offset costs an Intl call: ask once each.
  const offsets = new Map<string, number>();
  const hoursFor = new Map<string, number[]>();
  const weeklyHours = (p: Profile): number[] => {
    let offset = offsets.get(p.timezone);
    if (offset === undefined) {
      offset = Math.floor(utcOffsetMinutes(p.timezone, now) / 60);
      offsets.set(p.timezone, offset);
    }
    const key = `${offset} ${p.availability.days.join()} ${p.availability.times.join()}`;
    let hours = hoursFor.get(key);
    if (hours === undefined) {
      hours = utcHoursAtOffset(p.availability.days, p.availability.times, offset);
      hoursFor.set(key, hours);
    }
    return hours;
  };
  const members = new Map<MemberId, CommunityMember>();
  const peers: MatchCandidate[] = [];
  const mentoring: MatchCandidate[] = [];
  for (const row of rows) {
    const id = row.id as MemberId;
    const profile = profiles.get(id)?.profile;
    if (profile === undefined) continue;
    const onboardedAt = row.onboarded_at === null ? null : new Date(row.onboarded_at);
    const status = statusOrDefault(statuses.get(id), onboardedAt);
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
      load: invited.has(id) ? profile.capacity : (peerLoad.get(id) ?? 0),
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
    const asMentor =
      mentorCapacity !== undefined && !status.paused ? { ...base, status: "active" as const } : base;
    peers.push(base);
    mentoring.push(asMentor);
    members.set(id, {
      id,
      userId: row.user_id as UserId,
      profile,
      profileSavedAt: row.updated_at,
      status,
      groups: profile.channels.settings.includes("group"),
      peer: base,
      mentoring: asMentor,
    });
  }
  // Members who deleted their account leave the cache too.
  for (const id of profiles.keys()) if (!members.has(id)) profiles.delete(id);
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
  pending: readonly PendingPair[],
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
