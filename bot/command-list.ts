import { checkinCommand, moodReplyCommand } from "./checkins/checkin-command.ts";
import { pingCommand, type CommandSpec } from "./commands.ts";
import { goalCommand, smartCommand } from "./goals/goal-commands.ts";
import { progressCommand, summaryCommand } from "./progress/progress-commands.ts";
import { matchCommands } from "./match-flow/commands.ts";
import { recognitionCommand, thanksCommand } from "./recognition/commands.ts";

/** Every command the bot answers, in the order `help` lists them. Each area adds its own module here. */
export const COMMANDS: readonly CommandSpec[] = [
  pingCommand,
  matchCommands,
  checkinCommand,
  moodReplyCommand,
  goalCommand,
  smartCommand,
  progressCommand,
  summaryCommand,
  recognitionCommand,
  thanksCommand,
];
