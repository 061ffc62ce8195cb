import type { Kysely } from "kysely";
import type { Database, PairingFeedback } from "../../schema/index.ts";
import type { CommandContext, CommandSpec, ParsedCommand } from "../commands.ts";
import type { Effect } from "../effects.ts";
import { parseUserId } from "../ids.ts";
import { findMemberByUserId, type Member } from "../onboarding/members-store.ts";
import { answer, type Answer } from "./answer.ts";
import { answerCircle, listCircleInvitationsFor } from "./circle-invitations.ts";
import { circleInvitationsOf } from "./circle-invitations-store.ts";
import { setLooking, setPaused } from "./looking.ts";
import { end } from "./pairing-end.ts";
import { numberedPairings } from "./pairing-numbers.ts";
import { askAgain, blockPeer, giveFeedback, pickPairing } from "./peer-actions.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { suggestionsOf } from "./suggestions-store.ts";
import * as say from "./texts.ts";
import { listSuggestionsFor } from "./views.ts";

type Reply = (body: string) => Effect[];

interface MatchContext {
  readonly db: Kysely<Database>;
  readonly flow: MatchFlowSettings;
  readonly context: CommandContext;
  readonly member: Member;
  readonly reply: Reply;
}

/** "3 rest of it" → 3 and "rest of it"; no number → undefined. */
function leadingNumber(args: string): { number: number | undefined; rest: string } {
  const match = /^#?(\d{1,6})\b\s*(.*)$/s.exec(args);
  return match === null
    ? { number: undefined, rest: args }
    : { number: Number(match[1]), rest: match[2] ?? "" };
}

/** "helped …", "neutral …", "not helped …" → the outcome and the note after it. */
function feedbackOf(text: string): { outcome: PairingFeedback; note: string } | undefined {
  const match = /^(helped|neutral|not[\s_-]*helped)\b[\s:,.-]*(.*)$/is.exec(text.trim());
  if (match === null) return undefined;
  const word = (match[1] ?? "").toLowerCase();
  const outcome = word === "helped" ? "helped" : word === "neutral" ? "neutral" : "not_helped";
  return { outcome, note: (match[2] ?? "").trim().slice(0, 2000) };
}

async function onAnswer(m: MatchContext, given: Answer, args: string): Promise<Effect[]> {
  const { number } = leadingNumber(args);
  const all = await suggestionsOf(m.db, m.flow.cipher, m.member.id);
  const circles = await circleInvitationsOf(m.db, m.flow.cipher, m.member.id);
  const numberIn = (s: (typeof all)[number]): number => s.numbers[s.members.indexOf(m.member.id)] ?? 0;
  const mineIn = (c: (typeof circles)[number]) => c.members.find((p) => p.memberId === m.member.id);
  const open = all.filter((s) => s.state === "suggested");
  const openCircles = circles.filter((c) => c.state === "invited" && mineIn(c)?.answer === null);
  // Circle invitations take their numbers from the same sequence as suggestions: a number names one of them.
  const circle =
    number === undefined
      ? open.length === 0 && openCircles.length === 1
        ? openCircles[0]
        : undefined
      : circles.find((c) => mineIn(c)?.number === number);
  if (circle !== undefined) return onCircleAnswer(m, given, circle.id, mineIn(circle)?.number ?? 0);
  const chosen =
    number === undefined
      ? open.length === 1 && openCircles.length === 0
        ? open[0]
        : undefined
      : all.find((s) => numberIn(s) === number);
  if (chosen === undefined) {
    const waiting = [...open.map(numberIn), ...openCircles.map((c) => mineIn(c)?.number ?? 0)];
    return m.reply(
      number !== undefined
        ? `You have no suggestion ${number}. Send "suggestions" to see yours.`
        : waiting.length === 0
          ? "You have no suggestion waiting for an answer."
          : `You have ${waiting.length} suggestions; say which one, e.g. "${given} ${waiting[0] ?? ""}".`,
    );
  }
  const answered = await answer(
    m.db,
    m.flow,
    m.context.bot.peerRooms,
    m.member.id,
    chosen.id,
    given,
    m.context.now,
  );
  if (answered.ok) return answered.value.effects;
  return m.reply(
    answered.error === "expired"
      ? `Suggestion ${numberIn(chosen)} has lapsed; I'll keep looking for you.`
      : `Suggestion ${numberIn(chosen)} is already ${chosen.state}.`,
  );
}

async function onCircleAnswer(m: MatchContext, given: Answer, id: string, number: number): Promise<Effect[]> {
  const answered = await answerCircle(
    m.db,
    m.flow,
    m.context.bot.peerRooms,
    m.member.id,
    id,
    given,
    m.context.now,
  );
  if (answered.ok) return answered.value.effects;
  return m.reply(
    answered.error === "expired"
      ? `The circle (suggestion ${number}) has lapsed; I'll keep looking for you.`
      : `The circle (suggestion ${number}) has already been answered or decided.`,
  );
}

async function onSuggestions(m: MatchContext): Promise<Effect[]> {
  const views = await listSuggestionsFor(m.db, m.flow, m.member.id);
  const circles = await listCircleInvitationsFor(m.db, m.flow, m.member.id);
  if (views.length === 0 && circles.length === 0)
    return m.reply('No suggestion is waiting for your answer. Send "match" and I\'ll look for a peer.');
  const howTo = (number: number, accepted: boolean, waitingFor: string): string =>
    accepted
      ? `You accepted; waiting for ${waitingFor}.`
      : `Reply "accept ${number}" or "decline ${number}".`;
  return m.reply(
    [
      ...views.map((v) => `${v.number}. ${v.reasons}. ${howTo(v.number, v.youAccepted, "the other member")}`),
      ...circles.map(
        (c) =>
          `${c.number}. A peer circle: ${c.description}. ${howTo(c.number, c.answer === "accepted", "the others")}`,
      ),
    ].join("\n"),
  );
}

async function onPeers(m: MatchContext): Promise<Effect[]> {
  const numbered = await numberedPairings(m.db, m.member.id);
  if (numbered.length === 0) return m.reply("You have no peers yet.");
  const names = await m.db.selectFrom("members").select(["id", "user_id"]).execute();
  const userOf = new Map(names.map((n) => [n.id, n.user_id]));
  return m.reply(
    numbered
      .map(({ number, pairing }) => {
        const others = pairing.members
          .filter((p) => p.memberId !== m.member.id)
          .map((p) => userOf.get(p.memberId) ?? "a former member");
        const kind =
          pairing.kind === "circle" ? "circle with" : pairing.kind === "mentor" ? "mentoring with" : "with";
        return `${number}. ${kind} ${others.join(", ")}: ${pairing.status === "active" ? "active" : "ended"} (since ${pairing.startedAt.toISOString().slice(0, 10)})`;
      })
      .join("\n"),
  );
}

async function onEnd(m: MatchContext, args: string): Promise<Effect[]> {
  const { number, rest } = leadingNumber(args);
  const picked = await pickPairing(
    m.db,
    m.member.id,
    number,
    (n) =>
      n.pairing.members.some((p) => p.memberId === m.member.id && p.endedAt === null) &&
      n.pairing.status === "active",
  );
  if (!picked.ok)
    return m.reply(
      picked.error === "ambiguous"
        ? 'You have several peers; say which, e.g. "end 2" (send "peers" to see them).'
        : "You have no active pairing to end.",
    );
  const feedback = feedbackOf(rest);
  const ended = await end(m.db, m.flow, m.member.id, picked.value.pairing.id, feedback, m.context.now);
  if (ended.ok) return ended.value.effects;
  return m.reply(`Pairing ${picked.value.number} has already ended.`);
}

async function onFeedback(m: MatchContext, text: string): Promise<Effect[]> {
  const { number, rest } = leadingNumber(text);
  const feedback = feedbackOf(rest);
  if (feedback === undefined)
    return m.reply('Reply "helped", "neutral" or "not helped", with a note if you like.');
  const given = await giveFeedback(m.db, m.flow, m.member.id, number, feedback, m.context.now);
  if (given.ok) return m.reply(say.feedbackThanks);
  return m.reply(
    given.error === "not_ended"
      ? 'That pairing is still going; send "end" first.'
      : "No ended pairing is waiting for your feedback.",
  );
}

async function onAgain(m: MatchContext, args: string): Promise<Effect[]> {
  const asked = await askAgain(m.db, m.member.id, leadingNumber(args).number, m.context.now);
  if (asked.ok)
    return m.reply(
      asked.value.both
        ? "You both asked to talk again. I'll send you a new suggestion shortly."
        : "Noted. If they ask too, I'll suggest you to each other again.",
    );
  const errors = {
    not_found: "You have no ended pairing to continue.",
    ambiguous: 'Say which pairing, e.g. "again 2" (send "peers" to see them).',
    not_ended: "That pairing is still going.",
    ended_badly: "I won't suggest that pairing again, to keep you both safe and well.",
    not_pair: "Only a one-to-one pairing can be suggested again; circles and mentoring are formed afresh.",
  } as const;
  return m.reply(errors[asked.error]);
}

async function onBlock(m: MatchContext, args: string): Promise<Effect[]> {
  const { number, rest } = leadingNumber(args);
  const userId = parseUserId(rest.trim().split(/\s+/)[0] ?? "");
  const blocked = await blockPeer(
    m.db,
    m.member.id,
    { ...(number === undefined ? {} : { number }), ...(userId === undefined ? {} : { userId }) },
    m.context.now,
  );
  if (blocked.ok) return m.reply("Done. I'll never suggest you to each other again. They are not told.");
  return m.reply(
    blocked.error === "ambiguous"
      ? 'Say whom: "block N" for a pair (send "peers" to see them), or "block N @name:server" in a circle.'
      : "I can only block a past or current peer of yours.",
  );
}

async function run(m: MatchContext, word: string, args: string): Promise<Effect[]> {
  const now = m.context.now;
  switch (word) {
    case "match":
      if (/^(off|stop)$/i.test(args)) {
        await setLooking(m.db, m.member.id, false, now);
        return m.reply(say.stoppedLooking);
      }
      await setLooking(m.db, m.member.id, true, now);
      return m.reply(say.lookingNow);
    case "suggestions":
      return onSuggestions(m);
    case "accept":
    case "decline":
      return onAnswer(m, word, args);
    case "peers":
      return onPeers(m);
    case "end":
      return onEnd(m, args);
    case "helped":
    case "neutral":
    case "not":
      return onFeedback(m, `${word} ${args}`);
    case "feedback":
      return onFeedback(m, args);
    case "again":
      return onAgain(m, args);
    case "block":
      return onBlock(m, args);
    case "pause":
      await setPaused(m.db, m.member.id, true, now);
      return m.reply(say.paused);
    default:
      await setPaused(m.db, m.member.id, false, now);
      return m.reply(say.resumed);
  }
}

/** The matching commands; they answer in the member's DM (a peer room is no place for them). */
export const matchCommands: CommandSpec = {
  words: [
    "match",
    "suggestions",
    "accept",
    "decline",
    "peers",
    "end",
    "helped",
    "neutral",
    "not",
    "feedback",
    "again",
    "block",
    "pause",
    "resume",
  ],
  help: say.MATCH_HELP,
  async run(context: CommandContext, command: ParsedCommand): Promise<Effect[]> {
    const sender = context.event.sender;
    const reply: Reply = (body) => [{ kind: "direct", userId: sender, body }];
    const flow = context.bot.matching;
    if (flow === undefined) return reply(say.notSetUp);
    const member = await findMemberByUserId(context.db, sender);
    const profile =
      member &&
      (await context.db
        .selectFrom("profiles")
        .select("member_id")
        .where("member_id", "=", member.id)
        .executeTakeFirst());
    if (member === undefined || profile === undefined) return reply(say.noProfile);
    return run({ db: context.db, flow, context, member, reply }, command.word, command.args);
  },
};
