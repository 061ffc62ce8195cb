import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { pairKey } from "../matching/pair-history.ts";
import type { MatchCandidate } from "../matching/types.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { circleInvitees } from "./circle-invitations-store.ts";
import type { Community } from "./population.ts";
import { tallyLoads } from "./loads.ts";
import { PENDING_STATES } from "./suggestions-store.ts";

/** What is stored now about the members a run wants to offer, read in the transaction that offers. */
interface StoredNow {
  readonly profileSavedAt: ReadonlyMap<MemberId, string>;
  readonly status: ReadonlyMap<MemberId, { paused: boolean; looking: boolean }>;
  readonly peerLoad: ReadonlyMap<MemberId, number>;
  readonly mentorLoad: ReadonlyMap<MemberId, number>;
  /** Newcomers with a mentor pairing or a pending mentor suggestion. */
  readonly mentored: ReadonlySet<MemberId>;
  /** Pairs that must not be offered: blocked either way, a pending suggestion, or paired now. */
  readonly taken: ReadonlySet<string>;
  /** Invited to a circle and not declined: busy for pairs (the read counted them at capacity). */
  readonly invited: ReadonlySet<MemberId>;
}

const BATCH = 500;

/**
 * A run reads the community outside any transaction (so the bot and the web go on meanwhile) and offers inside
 * one; in between, a member may have paused, saved their profile, accepted another suggestion or blocked the
 * other. Before each offer the check compares what is stored now with what the run read, and refuses the offer if
 * anything differs: that member is matched again by the next run, from what is stored then. Comparing values
 * (not timestamps) leaves no window between the read and the check.
 */
export class OfferCheck {
  /** Pairs offered by this run so far (the stored loads were read before any of them). */
  private readonly offeredPairs = new Set<string>();

  private constructor(
    private readonly community: Community,
    private readonly stored: StoredNow,
  ) {}

  static async read(
    db: Kysely<Database>,
    community: Community,
    members: Iterable<MemberId>,
  ): Promise<OfferCheck> {
    const ids = [...new Set(members)];
    const profileSavedAt = new Map<MemberId, string>();
    const status = new Map<MemberId, { paused: boolean; looking: boolean }>();
    const peerLoad = new Map<MemberId, number>();
    const mentorLoad = new Map<MemberId, number>();
    const mentored = new Set<MemberId>();
    const taken = new Set<string>();
    const mentors = new Set(community.mentoring.members.flatMap((m) => (m.mentor === null ? [] : [m.id])));
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const inBatch = new Set(batch);
      for (const row of await db
        .selectFrom("profiles")
        .select(["member_id", "updated_at"])
        .where("member_id", "in", batch)
        .execute())
        profileSavedAt.set(row.member_id as MemberId, row.updated_at);
      for (const row of await db
        .selectFrom("match_status")
        .select(["member_id", "paused", "looking"])
        .where("member_id", "in", batch)
        .execute())
        status.set(row.member_id as MemberId, {
          paused: Number(row.paused) === 1,
          looking: Number(row.looking) === 1,
        });
      const pending = await db
        .selectFrom("suggestions")
        .select(["kind", "member_a", "member_b"])
        .where("state", "in", PENDING_STATES)
        .where((eb) => eb.or([eb("member_a", "in", batch), eb("member_b", "in", batch)]))
        .execute();
      const pendingPairs = pending.map((row) => ({
        kind: row.kind,
        members: [row.member_a as MemberId, row.member_b as MemberId] as const,
      }));
      for (const { members } of pendingPairs) taken.add(pairKey(members[0], members[1]));
      const parts = await db
        .selectFrom("pairing_members")
        .innerJoin("pairings", "pairings.id", "pairing_members.pairing_id")
        .select(["pairing_members.member_id", "pairings.id", "pairings.kind", "pairings.status"])
        .select("pairing_members.ended_at")
        .where("pairing_members.member_id", "in", batch)
        .execute();
      const mine = parts.map((row) => ({
        memberId: row.member_id as MemberId,
        kind: row.kind,
        current: row.status === "active" && row.ended_at === null,
        pairingId: row.id,
      }));
      // A suggestion between members of two batches is read by both; each counts it for its own members.
      const loads = tallyLoads(mine, pendingPairs, mentors, (id) => inBatch.has(id));
      for (const [id, n] of loads.peerLoad) peerLoad.set(id, n);
      for (const [id, n] of loads.mentorLoad) mentorLoad.set(id, n);
      for (const id of loads.mentored) mentored.add(id);
      const activePairings = new Set(mine.flatMap((part) => (part.current ? [part.pairingId] : [])));
      const together = new Map<string, MemberId[]>();
      const pairingIds = [...activePairings];
      for (let j = 0; j < pairingIds.length; j += BATCH)
        for (const row of await db
          .selectFrom("pairing_members")
          .select(["pairing_id", "member_id"])
          .where("pairing_id", "in", pairingIds.slice(j, j + BATCH))
          .where("ended_at", "is", null)
          .execute())
          together.set(row.pairing_id, [...(together.get(row.pairing_id) ?? []), row.member_id as MemberId]);
      for (const group of together.values())
        for (const a of group) for (const b of group) if (a < b) taken.add(pairKey(a, b));
      for (const row of await db
        .selectFrom("match_blocks")
        .select(["member_id", "blocked_id"])
        .where((eb) => eb.or([eb("member_id", "in", batch), eb("blocked_id", "in", batch)]))
        .execute())
        taken.add(pairKey(row.member_id as MemberId, row.blocked_id as MemberId));
    }
    const invited = await circleInvitees(db);
    return new OfferCheck(community, {
      profileSavedAt,
      status,
      peerLoad,
      mentorLoad,
      mentored,
      taken,
      invited,
    });
  }

  /**
   * True, and the pair counted, when both members are as the run read them and the pair is still free. Loads are
   * compared with the read, not with capacity: the run already planned within capacity from what it read.
   */
  admit(kind: "pair" | "mentor", members: readonly [MemberId, MemberId], mentor?: MemberId): boolean {
    const key = pairKey(members[0], members[1]);
    if (this.stored.taken.has(key) || this.offeredPairs.has(key)) return false;
    for (const id of members) if (!this.unchanged(id)) return false;
    if (kind === "pair") {
      if (members.some((id) => this.stored.invited.has(id))) return false;
      for (const id of members) if (!this.peerLoadAsRead(id)) return false;
    } else {
      const newcomer = members[0] === mentor ? members[1] : members[0];
      if (mentor === undefined || this.stored.mentored.has(newcomer) || this.community.mentored.has(newcomer))
        return false;
      const read = this.mentorCandidate(mentor)?.mentor;
      const now = this.stored.mentorLoad.get(mentor) ?? 0;
      if (read == null || now !== read.load) return false;
    }
    this.offeredPairs.add(key);
    return true;
  }

  private unchanged(id: MemberId): boolean {
    const read = this.community.members.get(id);
    if (read === undefined || this.stored.profileSavedAt.get(id) !== read.profileSavedAt) return false;
    const status = this.stored.status.get(id);
    // No stored status is the default (active, looking), which is what the run read if it read no row either.
    const paused = status?.paused ?? false;
    const looking = status?.looking ?? true;
    return paused === read.status.paused && looking === read.status.looking;
  }

  private peerLoadAsRead(id: MemberId): boolean {
    const read = this.peerCandidate(id);
    if (read === undefined) return false;
    return (this.stored.peerLoad.get(id) ?? 0) === read.load;
  }

  private peerCandidate(id: MemberId): MatchCandidate | undefined {
    return this.community.members.get(id)?.peer;
  }

  private mentorCandidate(id: MemberId): MatchCandidate | undefined {
    return this.community.members.get(id)?.mentoring;
  }
}
