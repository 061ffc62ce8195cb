import type { UserId } from "../ids.ts";
import type { Goal } from "./goal-store.ts";
import { describeDate } from "./local-date.ts";

/** Done goals stay listed this long, so a member sees what they achieved lately without an endless list. */
const RECENTLY_DONE_MS = 14 * 24 * 60 * 60 * 1000;

export function goalLine(goal: Goal): string {
  const due = goal.dueDate === null || goal.doneAt !== null ? "" : ` (by ${describeDate(goal.dueDate)})`;
  const done = goal.doneAt === null ? "" : "✓ ";
  return `${goal.number}. ${done}${goal.text}${due}`;
}

function goalBlock(goal: Goal, indent: string): string[] {
  const lines = [`${indent}${goalLine(goal)}`];
  const plan = goal.plan;
  if (plan !== null && goal.doneAt === null) {
    if (plan.measurable !== null) lines.push(`${indent}   how I'll know: ${plan.measurable}`);
    if (plan.relevant !== null) lines.push(`${indent}   why it matters: ${plan.relevant}`);
  }
  for (const step of goal.steps)
    lines.push(`${indent}   ${goal.number}.${step.number} ${step.doneAt === null ? "☐" : "✓"} ${step.text}`);
  return lines;
}

function shown(goals: readonly Goal[], now: Date): { list: Goal[]; olderDone: number } {
  const list = goals.filter(
    (g) => g.doneAt === null || now.getTime() - g.doneAt.getTime() < RECENTLY_DONE_MS,
  );
  return { list, olderDone: goals.length - list.length };
}

/** A member's own goals in their DM. */
export function personalList(goals: readonly Goal[], sharedOpen: number, now: Date): string {
  const { list, olderDone } = shown(goals, now);
  const lines =
    list.length === 0
      ? ['You have no personal goals yet. Start one with "goal add …", or "goal smart" to make one with me.']
      : ["Your goals:", ...list.flatMap((goal) => goalBlock(goal, ""))];
  if (olderDone > 0) lines.push(`…and ${olderDone} done earlier (all of them are on your progress page).`);
  if (sharedOpen > 0)
    lines.push(
      `You also have ${sharedOpen} open goal${sharedOpen === 1 ? "" : "s"} shared in peer rooms; "!kindred goal list" there shows them.`,
    );
  return lines.join("\n");
}

/** Everyone's goals in a peer room, each under its owner, for the peers' accountability. */
export function roomList(goals: readonly Goal[], now: Date): string {
  const { list } = shown(goals, now);
  if (list.length === 0)
    return 'No goals in this room yet. Anyone can share one with "!kindred goal add …" — everyone here will see it.';
  const owners = [...new Set(list.map((goal) => goal.owner))];
  const lines = ["Goals in this room:"];
  for (const owner of owners) {
    lines.push(`${owner}:`);
    lines.push(...list.filter((goal) => goal.owner === owner).flatMap((goal) => goalBlock(goal, "  ")));
  }
  lines.push('Numbers are per person: "!kindred goal done N" marks your own goal N.');
  return lines.join("\n");
}

export function whose(owner: UserId, inRoom: boolean): string {
  return inRoom ? `${owner}'s goal` : "Goal";
}
