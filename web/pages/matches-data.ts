import type { Kysely } from "kysely";
import type { Database, PairingFeedback, PairingKind } from "../../schema/index.ts";
import {
  blocksBy,
  listSuggestionsFor,
  matchStatusOf,
  numberedPairings,
  type MatchStatus,
  type SuggestionView,
} from "../../bot/match-flow/index.ts";
import type { MemberId } from "../../bot/onboarding/members-store.ts";
import { loadPeerRoom } from "../../bot/peer-rooms/store.ts";
import type { WebMatching } from "../context.ts";

/** A pairing as the member sees it: their peers by Matrix ID (shared once both accepted), and the room. */
export interface PairingCard {
  readonly id: string;
  readonly number: number;
  readonly kind: PairingKind;
  /** Whether this member's part is over (the whole pairing, or they left a circle). */
  readonly ended: boolean;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly peers: readonly string[];
  /** The peers of this pairing the member has blocked (Matrix IDs). */
  readonly blocked: readonly string[];
  /** matrix.to link to the peer room, once the room exists. */
  readonly roomUrl: string | null;
  readonly myFeedback: PairingFeedback | null;
  /** The member asked to talk with this peer again, and no new suggestion has come of it yet. */
  readonly againAsked: boolean;
  /** Someone said it did not help: never suggested again. */
  readonly endedBadly: boolean;
}

export interface MatchesPage {
  readonly status: MatchStatus;
  readonly suggestions: readonly SuggestionView[];
  readonly pairings: readonly PairingCard[];
}

/** The member's pairings, newest first, read through match-flow's use cases. */
export async function pairingCards(db: Kysely<Database>, memberId: MemberId): Promise<PairingCard[]> {
  const numbered = await numberedPairings(db, memberId);
  const peerIds = [...new Set(numbered.flatMap((n) => n.pairing.members.map((m) => m.memberId)))];
  const users =
    peerIds.length === 0
      ? new Map<string, string>()
      : new Map(
          (await db.selectFrom("members").select(["id", "user_id"]).where("id", "in", peerIds).execute()).map(
            (row) => [row.id, row.user_id],
          ),
        );
  const blocked = new Set<string>(await blocksBy(db, memberId));
  const pairings: PairingCard[] = [];
  for (const { number, pairing } of numbered.reverse()) {
    const mine = pairing.members.find((m) => m.memberId === memberId);
    const others = pairing.members.filter((m) => m.memberId !== memberId);
    const userIds = (ids: readonly string[]) =>
      ids.map((id) => users.get(id)).filter((id): id is string => id !== undefined);
    const roomId = (await loadPeerRoom(db, pairing.peerRoomId))?.roomId ?? null;
    const ended = pairing.status === "ended" || (mine?.endedAt ?? null) !== null;
    pairings.push({
      id: pairing.id,
      number,
      kind: pairing.kind,
      ended,
      startedAt: pairing.startedAt,
      endedAt: mine?.endedAt ?? pairing.endedAt,
      peers: userIds(others.map((m) => m.memberId)),
      blocked: userIds(others.map((m) => m.memberId).filter((id) => blocked.has(id))),
      roomUrl: roomId === null || ended ? null : `https://matrix.to/#/${encodeURIComponent(roomId)}`,
      myFeedback: mine?.outcome ?? null,
      againAsked: (mine?.againAt ?? null) !== null,
      // Only the member's own "not helped" hides "again": the peer's feedback is private, so theirs must not show.
      endedBadly: mine?.outcome === "not_helped",
    });
  }
  return pairings;
}

/** Everything "My matches" shows, read through match-flow's use cases. */
export async function matchesPage(
  db: Kysely<Database>,
  matching: WebMatching,
  memberId: MemberId,
): Promise<MatchesPage> {
  return {
    status: await matchStatusOf(db, memberId),
    suggestions: await listSuggestionsFor(db, matching.flow, memberId),
    pairings: await pairingCards(db, memberId),
  };
}
