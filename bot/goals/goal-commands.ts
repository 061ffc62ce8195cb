import type { CommandContext, CommandSpec } from "../commands.ts";
import type { Effect } from "../effects.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import { findOrCreateMember, type MemberId } from "../onboarding/members-store.ts";
import { findPeerRoomByRoomId, peerMembers } from "../peer-rooms/store.ts";
import { parseDueDate } from "./due-date.ts";
import { personalList, roomList, whose } from "./goal-format.ts";
import { GOAL_USAGE, parseGoalCommand, type GoalCommand } from "./goal-parse.ts";
import {
  addGoal,
  addStep,
  listGoals,
  removeGoal,
  setGoalDone,
  setStepDone,
  type GoalScope,
  type NewGoal,
} from "./goal-store.ts";
import { describeDate, localTime, type LocalDate } from "./local-date.ts";
import { memberTimeZone } from "./member-zone.ts";
import { answerSmart, startSmart, type SmartContext } from "./smart.ts";

/** Who is asking, where, and what "today" is for them. */
interface GoalContext {
  readonly command: CommandContext;
  readonly cipher: MemberCipher;
  readonly memberId: MemberId;
  readonly scope: GoalScope;
  readonly today: LocalDate;
  readonly inRoom: boolean;
  /** The peer room's ID in `peer_rooms`, when in one. */
  readonly peerRoomId: string | undefined;
}

export const NOT_HERE =
  "Goals live in your DM with me (personal) or in a peer room (shared with your peers there), not in this room.";

/** The member-data cipher is wired in production; a bot without it cannot keep goals (a wiring bug). */
export function requireCipher(context: CommandContext): MemberCipher {
  const cipher = context.bot.cipher;
  if (cipher === undefined) throw new Error("goal commands need the member-data cipher in BotIdentity");
  return cipher;
}

async function goalContext(context: CommandContext): Promise<GoalContext | undefined> {
  let scope: GoalScope = "dm";
  let peerRoomId: string | undefined;
  if (!context.inDirectRoom) {
    const peerRoom = await findPeerRoomByRoomId(context.db, context.event.roomId);
    if (peerRoom === undefined) return undefined;
    scope = context.event.roomId;
    peerRoomId = peerRoom.id;
  }
  const member = await findOrCreateMember(context.db, context.event.sender, context.now);
  const zone = await memberTimeZone(context.db, member.id);
  return {
    command: context,
    cipher: requireCipher(context),
    memberId: member.id,
    scope,
    today: localTime(context.now, zone).date,
    inRoom: scope !== "dm",
    peerRoomId,
  };
}

function say(context: CommandContext, body: string): Effect[] {
  return [{ kind: "notice", roomId: context.event.roomId, body, sensitive: true }];
}

async function create(g: GoalContext, goal: Omit<NewGoal, "memberId" | "scope">): Promise<string> {
  const added = await addGoal(
    g.command.db,
    g.cipher,
    { ...goal, memberId: g.memberId, scope: g.scope },
    g.command.now,
  );
  if (!added.ok) return added.message;
  const due =
    goal.dueDate === null
      ? ""
      : ` I'll send you a gentle reminder by DM the day before ${describeDate(goal.dueDate)}.`;
  const prefix = g.inRoom ? "!kindred " : "";
  const stop = /[.!?…]$/.test(goal.text) ? "" : ".";
  return `${whose(g.command.event.sender, g.inRoom)} ${added.value.number} added: ${goal.text}${stop}${due}\nBreak it into small steps with "${prefix}goal step ${added.value.number} …".`;
}

async function run(g: GoalContext, command: GoalCommand): Promise<string> {
  const { db, now } = g.command;
  const ref = (goal: number) => ({ memberId: g.memberId, scope: g.scope, number: goal });
  switch (command.kind) {
    case "help":
      return g.inRoom
        ? `${GOAL_USAGE}\nHere, start each with "!kindred", e.g. "!kindred goal list".`
        : GOAL_USAGE;
    case "list": {
      if (g.peerRoomId !== undefined) {
        // A peer who has left takes their goals out of the room's view (they keep them, in their history).
        const peers = await peerMembers(db, g.peerRoomId);
        const present = new Set(peers.filter((p) => p.state === "joined").map((p) => p.userId));
        const goals = await listGoals(db, g.cipher, { scope: g.scope });
        return roomList(
          goals.filter((goal) => present.has(goal.owner)),
          now,
        );
      }
      const all = await listGoals(db, g.cipher, { memberId: g.memberId });
      const sharedOpen = all.filter((goal) => goal.scope !== "dm" && goal.doneAt === null).length;
      return personalList(
        all.filter((goal) => goal.scope === "dm"),
        sharedOpen,
        now,
      );
    }
    case "add": {
      let dueDate: LocalDate | null = null;
      if (command.due !== undefined) {
        const parsed = parseDueDate(command.due, g.today);
        if (!parsed.ok) return parsed.message;
        dueDate = parsed.value;
      }
      return create(g, { text: command.text, dueDate });
    }
    case "done": {
      const done = await setGoalDone(db, ref(command.goal), now);
      if (!done.ok) return done.message;
      return done.value
        ? `Well done! Goal ${command.goal} is done. Take a moment to notice that.`
        : `Goal ${command.goal} was already done.`;
    }
    case "undo": {
      const undone = await setGoalDone(db, ref(command.goal), null);
      if (!undone.ok) return undone.message;
      return undone.value ? `Goal ${command.goal} is open again.` : `Goal ${command.goal} is still open.`;
    }
    case "remove": {
      const removed = await removeGoal(db, ref(command.goal));
      return removed.ok ? `Goal ${command.goal} and its steps are deleted.` : removed.message;
    }
    case "step": {
      const added = await addStep(db, g.cipher, ref(command.goal), command.text, now);
      return added.ok ? `Step ${command.goal}.${added.value} added: ${command.text}` : added.message;
    }
    case "step_done": {
      const done = await setStepDone(db, ref(command.goal), command.step, now);
      if (!done.ok) return done.message;
      return done.value
        ? `Step ${command.goal}.${command.step} done. One step at a time is how it works.`
        : `Step ${command.goal}.${command.step} was already done.`;
    }
    case "smart":
      return smartAnswer(g, await startSmart(smartContext(g)));
  }
}

function smartContext(g: GoalContext): SmartContext {
  const { db, now } = g.command;
  return {
    db,
    cipher: g.cipher,
    memberId: g.memberId,
    scope: g.scope,
    today: g.today,
    now,
    answerWord: g.inRoom ? "!kindred smart" : "smart",
  };
}

async function smartAnswer(g: GoalContext, outcome: Awaited<ReturnType<typeof startSmart>>): Promise<string> {
  return outcome.kind === "ask" ? outcome.text : create(g, outcome.goal);
}

export const goalCommand: CommandSpec = {
  words: ["goal", "goals"],
  help: [
    "• goal add <what you want to do> [by <date>], goal list, goal step N <step>, goal done N: goals and action plans (goal help for more)",
  ],
  async run(context, command) {
    const parsed =
      command.word === "goals" && command.args === ""
        ? parseGoalCommand("list")
        : parseGoalCommand(command.args);
    if (!parsed.ok) return say(context, parsed.message);
    const g = await goalContext(context);
    if (g === undefined) return say(context, NOT_HERE);
    return say(context, await run(g, parsed.value));
  },
};

export const smartCommand: CommandSpec = {
  words: ["smart"],
  help: ["• smart <answer>: answer my question while we make a SMART goal (start with goal smart)"],
  async run(context, command) {
    const g = await goalContext(context);
    if (g === undefined) return say(context, NOT_HERE);
    return say(context, await smartAnswer(g, await answerSmart(smartContext(g), command.args)));
  },
};
