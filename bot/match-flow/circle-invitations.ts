import type { Kysely } from "kysely";
import type {
  CircleAnswer,
  CircleInvitationOutcome,
  CircleInvitationState,
  Database,
} from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { PeerRoomSettings } from "../peer-rooms/settings.ts";
import { err, ok, type Result } from "../result.ts";
import {
  circleInvitationsOf,
  closeCircleInvitation,
  loadCircleInvitation,
  lockCircleInvitation,
  overdueCircleInvitations,
  recordCircleAnswer,
  type InvitedMember,
  type StoredCircleInvitation,
} from "./circle-invitations-store.ts";
import {
  circleAccepted,
  circleAlreadyAccepted,
  circleDeclined,
  circleDescription,
  circleLapsed,
  circleNotAhead,
  circleOpening,
  circlePurpose,
} from "./circle-texts.ts";
import type { Answer, AnswerError } from "./answer.ts";
import { openPairing } from "./open-pairing.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { direct, userIdsOf, withEffects } from "./transaction.ts";

export { circleInvitees } from "./circle-invitations-store.ts";

/** A circle needs at least this many members who said yes. */
export const CIRCLE_MIN_SIZE = 3;

export interface CircleAnswered {
  /** The invitation's state after the answer (`opened`: the room is on its way; `closed`: not going ahead). */
  readonly state: CircleInvitationState;
  readonly effects: Effect[];
  readonly pairingId: string | null;
}

/** Why these members cannot make a circle: too few, nobody offering support, or all at the same stage. */
function shortOf(members: readonly InvitedMember[]): CircleInvitationOutcome | null {
  if (members.length < CIRCLE_MIN_SIZE) return "too_few";
  if (!members.some((m) => m.supporter)) return "no_supporter";
  const stages = new Set(members.map((m) => m.stage));
  return stages.has("now") && stages.has("past") ? null : "no_mix";
}

/**
 * Decides an invitation the caller has locked: opens the room with those who said yes once everyone answered
 * (or, `final`, at the deadline) and they make a circle; closes it as soon as they no longer can, even if
 * everyone still to answer said yes. Otherwise it waits. Each member is told once, in this transaction.
 */
async function settle(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  invitation: StoredCircleInvitation,
  final: boolean,
  now: Date,
): Promise<CircleAnswered> {
  const users = await userIdsOf(
    db,
    invitation.members.map((m) => m.memberId),
  );
  // Members who deleted their account meanwhile are simply no longer in it.
  const present = invitation.members.filter((m) => users.has(m.memberId));
  const accepted = present.filter((m) => m.answer === "accepted");
  const unanswered = present.filter((m) => m.answer === null);
  const waiting = !final && unanswered.length > 0;
  const short = shortOf(waiting ? [...accepted, ...unanswered] : accepted);
  if (waiting && short === null) return { state: "invited", effects: [], pairingId: null };
  const tell = (members: readonly InvitedMember[], body: (m: InvitedMember) => string): Effect[] =>
    members.flatMap((m) => direct(users.get(m.memberId), body(m)));
  if (short !== null) {
    if (!(await closeCircleInvitation(db, invitation.id, { state: "closed", outcome: short }, now)))
      throw new Error(`circle invitation ${invitation.id} closed under its lock`);
    return {
      state: "closed",
      pairingId: null,
      effects: [
        ...tell(accepted, (m) => circleNotAhead(m.number, short)),
        ...tell(unanswered, (m) => circleLapsed(m.number, false)),
      ],
    };
  }
  const members = accepted.flatMap((m) => {
    const userId = users.get(m.memberId);
    return userId === undefined ? [] : [{ id: m.memberId, userId }];
  });
  const opened = await openPairing(
    db,
    peerRooms,
    { kind: "circle", members, purpose: circlePurpose(invitation.experience, flow.wording) },
    now,
  );
  // Three distinct members always make a valid room: a refusal here is a bug, and the transaction rolls back.
  if (!opened.ok) throw new Error(`peer room refused for circle ${invitation.id}: ${opened.message}`);
  if (
    !(await closeCircleInvitation(
      db,
      invitation.id,
      { state: "opened", pairingId: opened.value.pairingId },
      now,
    ))
  )
    throw new Error(`circle invitation ${invitation.id} closed under its lock`);
  return {
    state: "opened",
    pairingId: opened.value.pairingId,
    effects: [
      ...tell(accepted, (m) => circleOpening(m.number, accepted.length)),
      ...tell(unanswered, (m) => circleLapsed(m.number, true)),
      ...opened.value.effects,
    ],
  };
}

/**
 * A member's answer to a circle invitation, inside the caller's transaction. The invitation's row is locked
 * first, so answers at the same time count one after the other and the room opens (or the invitation closes)
 * exactly once. Declining frees the member at once (their place in the queue is kept); saying yes after
 * saying yes changes nothing, and one may still decline after saying yes while the others answer.
 */
export async function answerCircle(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  memberId: MemberId,
  invitationId: string,
  given: Answer,
  now: Date,
): Promise<Result<CircleAnswered, AnswerError>> {
  const found = await loadCircleInvitation(db, flow.cipher, invitationId);
  const number = found?.members.find((m) => m.memberId === memberId)?.number;
  if (found === undefined || number === undefined) return err("not_found", "no such circle for you");
  if (found.state !== "invited")
    return err("already_decided", `suggestion ${number} is already ${found.state}`);
  if (now >= found.expiresAt) return err("expired", `suggestion ${number} has lapsed`);
  if (!(await lockCircleInvitation(db, invitationId)))
    return err("already_decided", `suggestion ${number} was decided meanwhile`);
  const invitation = await loadCircleInvitation(db, flow.cipher, invitationId);
  const mine = invitation?.members.find((m) => m.memberId === memberId);
  if (invitation === undefined || mine === undefined) return err("not_found", "no such circle for you");
  const me = (await userIdsOf(db, [memberId])).get(memberId);
  if (mine.answer === "declined") return err("already_decided", `you declined suggestion ${number}`);
  if (mine.answer === "accepted" && given === "accept")
    return ok({ state: "invited", pairingId: null, effects: direct(me, circleAlreadyAccepted(number)) });
  const to: CircleAnswer = given === "accept" ? "accepted" : "declined";
  if (!(await recordCircleAnswer(db, invitationId, memberId, mine.answer, to, now)))
    return err("already_decided", `suggestion ${number} was answered meanwhile`);
  const answered: StoredCircleInvitation = {
    ...invitation,
    members: invitation.members.map((m) =>
      m.memberId === memberId ? { ...m, answer: to, answeredAt: now } : m,
    ),
  };
  const settled = await settle(db, flow, peerRooms, answered, false, now);
  if (to === "declined")
    return ok({ ...settled, effects: [...direct(me, circleDeclined(number)), ...settled.effects] });
  return settled.state === "invited"
    ? ok({ ...settled, effects: direct(me, circleAccepted(number)) })
    : ok(settled);
}

/**
 * For the web: the member's answer to a circle invitation, with its messages and any room opening queued in the
 * same transaction. Call the event processor's `wake()` afterwards.
 */
export async function answerCircleInvitation(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  memberId: MemberId,
  invitationId: string,
  given: Answer,
  now: Date,
): Promise<Result<CircleAnswered, AnswerError>> {
  const outcome = await withEffects(
    db,
    `circle-answer:${invitationId}:${memberId}:${given}`,
    now,
    async (trx) => {
      const answered = await answerCircle(trx, flow, peerRooms, memberId, invitationId, given, now);
      return { answered, effects: answered.ok ? answered.value.effects : [] };
    },
  );
  return outcome.answered;
}

/**
 * Every tick: invitations past their deadline open with those who said yes if they make a circle (at least 3,
 * a supporter, both stages), or close; everyone still invited is told kindly and keeps their place.
 */
export async function expireCircleInvitations(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  now: Date,
  effects: Effect[],
): Promise<number> {
  let count = 0;
  for (const overdue of await overdueCircleInvitations(db, flow.cipher, now)) {
    if (!(await lockCircleInvitation(db, overdue.id))) continue;
    const invitation = await loadCircleInvitation(db, flow.cipher, overdue.id);
    if (invitation === undefined) continue;
    effects.push(...(await settle(db, flow, peerRooms, invitation, true, now)).effects);
    count++;
  }
  return count;
}

/** A circle invitation as one of its members sees it: the circle in words, no one named. */
export interface CircleInvitationView {
  readonly id: string;
  /** The member's short number for it ("accept 4"), from the same sequence as their suggestions'. */
  readonly number: number;
  readonly size: number;
  /** "4 members who share an experience with you; 2 of you are going through …". */
  readonly description: string;
  /** The member's answer so far: null, or accepted (waiting for the others). */
  readonly answer: CircleAnswer | null;
  readonly expiresAt: Date;
}

export function circleView(
  invitation: StoredCircleInvitation,
  memberId: MemberId,
  flow: Pick<MatchFlowSettings, "wording">,
): CircleInvitationView | undefined {
  const mine = invitation.members.find((m) => m.memberId === memberId);
  if (mine === undefined) return undefined;
  const stages = {
    now: invitation.members.filter((m) => m.stage === "now").length,
    past: invitation.members.filter((m) => m.stage === "past").length,
  };
  return {
    id: invitation.id,
    number: mine.number,
    size: invitation.members.length,
    description: circleDescription(invitation.members.length, invitation.experience, stages, flow.wording),
    answer: mine.answer,
    expiresAt: invitation.expiresAt,
  };
}

/** The member's circle invitations still open and not declined, newest first. */
export async function listCircleInvitationsFor(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  memberId: MemberId,
): Promise<CircleInvitationView[]> {
  const invitations = await circleInvitationsOf(db, flow.cipher, memberId, ["invited"]);
  return invitations.flatMap((invitation) => {
    const view = circleView(invitation, memberId, flow);
    return view === undefined || view.answer === "declined" ? [] : [view];
  });
}
