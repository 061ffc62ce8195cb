/**
 * What matching reads, independent of how profiles are stored: the flow maps onboarding profiles, blocks and
 * pairing history into these values, and matching never touches a database or Matrix.
 */

/** Same brand as bot/onboarding's member ID: two identical brands are the same type to TypeScript. */
export type MemberId = string & { readonly __brand: "MemberId" };

export type Stage = "now" | "past";
export type Role = "seeking" | "offering" | "both";
export type Channel = "text" | "voice" | "video";
export type MemberStatus = "active" | "paused" | "suspended";

export const AGE_BANDS = ["18-24", "25-34", "35-49", "50-64", "65+"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface LivedExperience {
  /** A key of the community's experience taxonomy. */
  readonly id: string;
  readonly stage: Stage;
}

/** Who a member is willing to be matched with; an empty list means "anyone". */
export interface MatchFilters {
  readonly ageBands: readonly AgeBand[];
  readonly genders: readonly string[];
  /** The partner's stage on the experience they share. */
  readonly stages: readonly Stage[];
}

/** What a member says about themselves that other members' filters look at; null = not said. */
export interface MemberAttributes {
  readonly ageBand: AgeBand | null;
  readonly gender: string | null;
}

export interface MentorRole {
  readonly capacity: number;
  readonly load: number;
}

export interface MatchCandidate {
  readonly id: MemberId;
  readonly status: MemberStatus;
  readonly experiences: readonly LivedExperience[];
  readonly role: Role;
  /** Tags from one shared vocabulary, so a need meets a strength when the tags are equal. */
  readonly strengths: readonly string[];
  readonly needs: readonly string[];
  readonly languages: readonly string[];
  /** IANA zone, kept for wording; the rules use `weeklyHours`, which are already in UTC. */
  readonly timezone: string;
  /** Hours of the week in UTC when the member is free: 0 = Monday 00:00–01:00 UTC, … 167. */
  readonly weeklyHours: readonly number[];
  readonly channels: readonly Channel[];
  /** Peers at once, and how many they have now (open pairings and pending suggestions). */
  readonly capacity: number;
  readonly load: number;
  readonly filters: MatchFilters;
  readonly attributes: MemberAttributes;
  /** Present when the member holds the mentor role; mentoring has its own capacity. */
  readonly mentor: MentorRole | null;
  readonly joinedAt: Date;
  /** When the member last started waiting for a peer; null = not waiting for one. */
  readonly waitingSince: Date | null;
}

export interface Block {
  readonly by: MemberId;
  readonly blocked: MemberId;
}

/** `active` pairings are not suggested again; `ended-badly` ones never again. */
export type PairingOutcome = "active" | "ended-well" | "ended-neutral" | "ended-badly";

export interface PastPairing {
  readonly members: readonly [MemberId, MemberId];
  readonly outcome: PairingOutcome;
}

export interface Population {
  readonly members: readonly MatchCandidate[];
  readonly blocks: readonly Block[];
  readonly pairings: readonly PastPairing[];
}
