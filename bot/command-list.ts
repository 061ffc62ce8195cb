import { checkinCommand, moodReplyCommand } from "./checkins/checkin-command.ts";
import { pingCommand, type CommandSpec } from "./commands.ts";

/** Every command the bot answers, in the order `help` lists them. Each area adds its own module here. */
export const COMMANDS: readonly CommandSpec[] = [pingCommand, checkinCommand, moodReplyCommand];
