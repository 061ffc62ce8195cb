import type { CommandContext, CommandSpec, ParsedCommand } from "../commands.ts";
import type { Effect } from "../effects.ts";
import type { RoomId } from "../ids.ts";
import { recordConsents } from "../onboarding/consents-store.ts";
import { findOrCreateMember, type Member } from "../onboarding/members-store.ts";
import { answerByReply } from "./answers.ts";
import {
  describeSchedule,
  parseCheckinChoice,
  checkinScheduleOf,
  setCheckinChoice,
} from "./checkin-schedule.ts";
import { agreedToDriftNotices, withdrawDriftConsent } from "./drift.ts";
import { isMoodScore } from "./moods-store.ts";
import { tellPeers } from "./tell-peer.ts";
import { DRIFT_CONSENT } from "./settings.ts";

const USAGE = [
  'Choose when I ask how you are: "checkin daily 19:00", "checkin mon,wed,fri 08:30" or "checkin off".',
  'Times are in the timezone of your profile. "checkin" alone shows your schedule.',
].join("\n");

const notice = (roomId: RoomId, body: string): Effect[] => [{ kind: "notice", roomId, body }];

async function checkinRun(context: CommandContext, command: ParsedCommand): Promise<Effect[]> {
  const { db, event, now } = context;
  const roomId = event.roomId;
  if (!context.inDirectRoom)
    return notice(roomId, "Check-ins are private: send me this in our direct message.");
  if (context.bot.checkins === undefined)
    return notice(roomId, "Check-ins are not enabled in this community.");
  const member = await findOrCreateMember(db, event.sender, now);
  const args = command.args.toLowerCase().replace(/\s+/g, " ").trim();
  if (args === "")
    return notice(roomId, `${describeSchedule(await checkinScheduleOf(db, member.id, now))}\n${USAGE}`);
  if (args.startsWith("notice")) return noticeSetting(context, member, args.slice("notice".length).trim());
  if (args === "tell peer" || args === "tell my peer") return tellPeers(db, member, roomId);
  const choice = parseCheckinChoice(args);
  if (!choice.ok) return notice(roomId, `Sorry, I could not read that: ${choice.message}.\n${USAGE}`);
  const view = await setCheckinChoice(db, member.id, choice.value, now);
  const zoneHint =
    view.choice.on && view.timezone === "UTC"
      ? "\nI'm using UTC: set your timezone in your profile to change it."
      : "";
  return notice(roomId, `${describeSchedule(view)}${zoneHint}`);
}

async function noticeSetting(context: CommandContext, member: Member, value: string): Promise<Effect[]> {
  const roomId = context.event.roomId;
  if (value === "on") {
    await recordConsents(context.db, member.id, [DRIFT_CONSENT], context.now);
    return notice(
      roomId,
      "Okay: if your check-ins stop or your mood drops, I'll send you one gentle private note with support resources, at most once a week.",
    );
  }
  if (value === "off") {
    await withdrawDriftConsent(context.db, member.id);
    return notice(roomId, "Okay: I won't send you notes about missed check-ins or mood changes.");
  }
  const agreed = await agreedToDriftNotices(context.db, member.id);
  return notice(
    roomId,
    `Gentle notes when check-ins stop or your mood drops are ${agreed ? "on" : "off"}. Send "checkin notice on" or "checkin notice off".`,
  );
}

export const checkinCommand: CommandSpec = {
  words: ["checkin", "check-in", "checkins"],
  help: [
    "• checkin: your check-in schedule (checkin daily 19:00, checkin mon,wed,fri 08:30, checkin off)",
    "• 1 to 5 (and a few words if you like): answer a check-in",
  ],
  run: checkinRun,
};

/** A reply "1" … "5", optionally followed by a note, answers the latest check-in. */
export const moodReplyCommand: CommandSpec = {
  words: ["1", "2", "3", "4", "5"],
  help: [],
  async run(context, command) {
    const roomId = context.event.roomId;
    const settings = context.bot.checkins;
    const score = Number(command.word);
    if (!context.inDirectRoom || settings === undefined || !isMoodScore(score)) return [];
    const member = await findOrCreateMember(context.db, context.event.sender, context.now);
    const note = command.args
      .replace(/^[-:,.–—]\s*/u, "")
      .trim()
      .slice(0, 2_000);
    return answerByReply(
      context.db,
      settings,
      member,
      { score, note: note === "" ? null : note },
      roomId,
      context.now,
    );
  },
};
