import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { Effect } from "./effects.ts";
import type { TextMessage } from "./events.ts";
import type { BotIdentity } from "./handle-event.ts";

/** A command as the member typed it: in a DM as plain words, elsewhere after `!kindred`. */
export interface ParsedCommand {
  /** The first word, lower-cased ("" for an empty message). */
  readonly word: string;
  /** Everything after the first word, trimmed, case kept. */
  readonly args: string;
}

export const COMMAND_PREFIX = "!kindred";

export function parseCommand(body: string, inDirectRoom: boolean): ParsedCommand | undefined {
  let text = body.trim();
  if (text.toLowerCase().startsWith(COMMAND_PREFIX)) text = text.slice(COMMAND_PREFIX.length).trim();
  else if (!inDirectRoom) return undefined;
  const word = (text.split(/\s+/, 1)[0] ?? "").toLowerCase();
  return { word, args: text.slice(word.length).trim() };
}

/** What a command handler may use; it runs inside the transaction that marks the message handled. */
export interface CommandContext {
  readonly db: Kysely<Database>;
  readonly bot: BotIdentity;
  readonly event: TextMessage;
  /** The message came from the member's DM with the bot (not a peer room or other room). */
  readonly inDirectRoom: boolean;
  readonly now: Date;
}

/**
 * One area's commands (matching, check-ins, goals…), each in its own module and listed in `command-list.ts`.
 * `run` returns the effects to queue; its database writes commit with them.
 */
export interface CommandSpec {
  /** The first words this command answers to, lower case. */
  readonly words: readonly string[];
  /** Lines shown by `help`, e.g. "• ping: check that I'm listening". */
  readonly help: readonly string[];
  run(context: CommandContext, command: ParsedCommand): Promise<Effect[]>;
}

export interface Community {
  readonly name: string;
}

export function helpText(community: Community, commands: readonly CommandSpec[]): string {
  return [
    `Hello! I'm the ${community.name} bot. I help members of ${community.name} find peers who share their experience.`,
    "",
    "Commands you can send me here:",
    "• help: this message",
    ...commands.flatMap((command) => command.help),
    "",
    `In other rooms, start a command with ${COMMAND_PREFIX}, for example "${COMMAND_PREFIX} help".`,
    "I only read messages addressed to me, and I never keep what you write to other people.",
  ].join("\n");
}

export function unknownCommandText(word: string): string {
  return `Sorry, I don't know "${word.slice(0, 40)}". Send "help" to see what I can do.`;
}

export function greeting(community: Community): string {
  return `Hi, I'm the ${community.name} bot. Send "help" to see what I can do.`;
}

export const pingCommand: CommandSpec = {
  words: ["ping"],
  help: ["• ping: check that I'm listening"],
  run: (context) =>
    Promise.resolve([
      { kind: "notice", roomId: context.event.roomId, body: "Pong! I'm here and listening." },
    ]),
};

/** Finds the command for a message and runs it; `help`, an empty message and unknown words are answered here. */
export async function runCommand(
  context: CommandContext,
  command: ParsedCommand,
  commands: readonly CommandSpec[],
): Promise<Effect[]> {
  const roomId = context.event.roomId;
  if (command.word === "help" || command.word === "" || command.word === "?")
    return [{ kind: "notice", roomId, body: helpText(context.bot.community, commands) }];
  const spec = commands.find((candidate) => candidate.words.includes(command.word));
  if (spec === undefined) return [{ kind: "notice", roomId, body: unknownCommandText(command.word) }];
  return spec.run(context, command);
}
