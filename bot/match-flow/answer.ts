import type { Kysely } from "kysely";
import type { Database, SuggestionStatus } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import { nextState, type SuggestionState } from "../matching/suggestion-state.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { PeerRoomSettings } from "../peer-rooms/settings.ts";
import { err, ok, type Result } from "../result.ts";
import { openPairing } from "./open-pairing.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { linkPairing, loadSuggestion, updateSuggestion, type StoredSuggestion } from "./suggestions-store.ts";
import {
  alreadyAccepted,
  bothAccepted,
  otherDeclined,
  sharedReasonsText,
  waitingForOther,
  youDeclined,
} from "./texts.ts";
import { direct, userIdsOf, withEffects } from "./transaction.ts";

export type Answer = "accept" | "decline";
export type AnswerError = "not_found" | "already_decided" | "expired";

export interface Answered {
  /** The suggestion's state after the answer (`opened`: the peer room is on its way). */
  readonly state: SuggestionStatus;
  /** Messages to both members (the one who answered first, in the order they should read them). */
  readonly effects: Effect[];
  readonly pairingId: string | null;
}

function stateOf(s: StoredSuggestion): SuggestionState {
  switch (s.state) {
    case "suggested":
      return { status: "suggested", acceptedBy: s.acceptedBy };
    case "declined":
      return { status: "declined", by: s.declinedBy ?? s.members[0] };
    default:
      return { status: s.state };
  }
}

/**
 * A member's answer, inside the caller's transaction. The suggestion moves on through the state machine
 * (suggestion-state.ts) with a compare-and-set, so an answer given twice, or two answers racing, count once. When
 * both have accepted, the peer room and the pairing are recorded in the same transaction.
 */
export async function answer(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  memberId: MemberId,
  suggestionId: string,
  given: Answer,
  now: Date,
): Promise<Result<Answered, AnswerError>> {
  const suggestion = await loadSuggestion(db, flow.cipher, suggestionId);
  const viewer = suggestion?.members.indexOf(memberId) ?? -1;
  if (suggestion === undefined || viewer < 0) return err("not_found", "no such suggestion for you");
  const number = suggestion.numbers[viewer] ?? 0;
  const otherId = suggestion.members[viewer === 0 ? 1 : 0];
  if (suggestion.state === "suggested" && now >= suggestion.expiresAt)
    return err("expired", `suggestion ${number} has lapsed`);
  const event =
    given === "accept"
      ? { type: "accept" as const, by: memberId }
      : { type: "decline" as const, by: memberId };
  const moved = nextState(suggestion.members, stateOf(suggestion), event);
  if (!moved.ok) return err("already_decided", `suggestion ${number} is already ${suggestion.state}`);
  const users = await userIdsOf(db, suggestion.members);
  const me = users.get(memberId);
  const other = otherId === undefined ? undefined : users.get(otherId);
  const otherNumber = suggestion.numbers[viewer === 0 ? 1 : 0] ?? 0;
  const next = moved.value;
  if (next.status === "suggested" && suggestion.acceptedBy.includes(memberId))
    return ok({ state: "suggested", pairingId: null, effects: direct(me, alreadyAccepted(number)) });
  if (next.status === "declined") {
    if (!(await updateSuggestion(db, suggestion, { state: "declined", declinedBy: memberId }, now)))
      return err("already_decided", `suggestion ${number} was answered meanwhile`);
    return ok({
      state: "declined",
      pairingId: null,
      effects: [...direct(me, youDeclined(number)), ...direct(other, otherDeclined(otherNumber))],
    });
  }
  if (next.status === "suggested") {
    if (!(await updateSuggestion(db, suggestion, { state: "suggested", acceptedBy: next.acceptedBy }, now)))
      return err("already_decided", `suggestion ${number} was answered meanwhile`);
    return ok({ state: "suggested", pairingId: null, effects: direct(me, waitingForOther(number)) });
  }
  // Both accepted: the room opens in this same transaction (accepted → opened).
  const opened = nextState(suggestion.members, next, { type: "room-opened" });
  if (!opened.ok || me === undefined || other === undefined || otherId === undefined)
    return err("not_found", "the other member is no longer here");
  // Claim the suggestion first, so a racing answer (another transaction) cannot open a second room.
  if (!(await updateSuggestion(db, suggestion, { state: "opened", acceptedBy: suggestion.members }, now)))
    return err("already_decided", `suggestion ${number} was answered meanwhile`);
  const pairing = await openPairing(
    db,
    peerRooms,
    {
      kind: suggestion.kind === "mentor" ? "mentor" : "pair",
      members: [
        { id: memberId, userId: me },
        { id: otherId, userId: other },
      ],
      purpose: sharedReasonsText(suggestion.reasons, flow.wording),
      suggestionId: suggestion.id,
      features: suggestion.features,
    },
    now,
  );
  // Two distinct members always make a valid room: a refusal here is a bug, and the transaction rolls back.
  if (!pairing.ok) throw new Error(`peer room refused for suggestion ${suggestion.id}: ${pairing.message}`);
  await linkPairing(db, suggestion.id, pairing.value.pairingId);
  return ok({
    state: "opened",
    pairingId: pairing.value.pairingId,
    effects: [
      ...direct(other, bothAccepted(otherNumber)),
      ...direct(me, bothAccepted(number)),
      ...pairing.value.effects,
    ],
  });
}

/**
 * For the web: the member's answer to a suggestion, with its messages and the room opening queued in the same
 * transaction. Call the event processor's `wake()` afterwards.
 */
export async function answerSuggestion(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  memberId: MemberId,
  suggestionId: string,
  given: Answer,
  now: Date,
): Promise<Result<Answered, AnswerError>> {
  const outcome = await withEffects(
    db,
    `suggestion-answer:${suggestionId}:${memberId}:${given}`,
    now,
    async (trx) => {
      const answered = await answer(trx, flow, peerRooms, memberId, suggestionId, given, now);
      return { answered, effects: answered.ok ? answered.value.effects : [] };
    },
  );
  return outcome.answered;
}
