import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import { onReaction } from "./checkins/answers.ts";
import type { CheckinSettings } from "./checkins/settings.ts";
import { COMMANDS } from "./command-list.ts";
import { greeting, parseCommand, runCommand, type Community } from "./commands.ts";
import type { Effect } from "./effects.ts";
import type { InboundEvent, MembershipChange, TextMessage } from "./events.ts";
import type { UserId } from "./ids.ts";
import type { MemberCipher } from "./onboarding/member-cipher.ts";
import { onPeerMembership } from "./peer-rooms/lifecycle.ts";
import type { MatchFlowSettings } from "./match-flow/settings.ts";
import type { PeerRoomSettings } from "./peer-rooms/settings.ts";
import type { RecognitionSettings } from "./recognition/settings.ts";
import { findDirectRoom, forgetDirectRoom, recordDirectRoom } from "./stores/direct-rooms.ts";

export interface BotIdentity {
  readonly userId: UserId;
  readonly community: Community;
  readonly peerRooms: PeerRoomSettings;
  /** Seals members' health-related words (goals, moods…); absent only in unit tests that need none. */
  readonly cipher?: MemberCipher;
  /** Absent when matching is not wired (its commands then say so and its duty does nothing). */
  readonly matching?: MatchFlowSettings;
  /** Check-ins, moods and drift notices; absent, the bot schedules no check-ins and records no moods. */
  readonly checkins?: CheckinSettings;
  /** Recognition (roles from evidence, attestations); absent in tests of other areas. */
  readonly recognition?: RecognitionSettings;
}

/**
 * Decides what one event means. Runs inside the database transaction that marks the event handled,
 * so its writes and the effects it returns commit together or not at all.
 */
export async function handleEvent(
  db: Kysely<Database>,
  bot: BotIdentity,
  event: InboundEvent,
  now: Date,
): Promise<Effect[]> {
  if (event.sender === bot.userId && (event.kind === "text" || event.kind === "reaction")) return [];
  switch (event.kind) {
    case "membership":
      return handleMembership(db, bot, event, now);
    case "text":
      return handleText(db, bot, event, now);
    case "reaction":
      return onReaction(db, bot, event, now);
    case "encrypted":
      return []; // decrypted by the processor before it gets here; an event still encrypted has nothing to say
  }
}

async function handleMembership(
  db: Kysely<Database>,
  bot: BotIdentity,
  event: MembershipChange,
  now: Date,
): Promise<Effect[]> {
  const room = event.roomId;
  if (event.target === bot.userId) {
    if (event.membership === "invite") {
      // Rooms other than DMs are opened by the bot itself (peer rooms); a stray invite is declined.
      if (!event.isDirect) return [{ kind: "leave", roomId: room }];
      await recordDirectRoom(db, { roomId: room, member: event.sender }, now);
      return [
        { kind: "join", roomId: room },
        { kind: "notice", roomId: room, body: greeting(bot.community) },
      ];
    }
    if (event.membership === "leave" || event.membership === "ban") await forgetDirectRoom(db, room);
    return [];
  }
  const inPeerRoom = await onPeerMembership(db, bot.peerRooms, event, now);
  if (inPeerRoom !== undefined) return inPeerRoom;
  if (event.membership !== "leave" && event.membership !== "ban") return [];
  const direct = await findDirectRoom(db, room);
  if (direct === undefined || direct.member !== event.target) return [];
  await forgetDirectRoom(db, room);
  return [{ kind: "leave", roomId: room }];
}

async function handleText(
  db: Kysely<Database>,
  bot: BotIdentity,
  event: TextMessage,
  now: Date,
): Promise<Effect[]> {
  if (event.msgtype === "m.notice") return []; // bots talk in notices; never answer one
  const direct = await findDirectRoom(db, event.roomId);
  const inDirectRoom = direct?.member === event.sender;
  const command = parseCommand(event.body, inDirectRoom);
  if (command === undefined) return [];
  return runCommand({ db, bot, event, inDirectRoom, now }, command, COMMANDS);
}
