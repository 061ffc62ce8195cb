/** Commands a member can send the bot: in a DM as plain words, elsewhere after `!kindred`. */
export type Command =
  { readonly name: "help" } | { readonly name: "ping" } | { readonly name: "unknown"; readonly word: string };

export const COMMAND_PREFIX = "!kindred";

export function parseCommand(body: string, inDirectRoom: boolean): Command | undefined {
  let text = body.trim();
  if (text.toLowerCase().startsWith(COMMAND_PREFIX)) text = text.slice(COMMAND_PREFIX.length).trim();
  else if (!inDirectRoom) return undefined;
  const word = (text.split(/\s+/, 1)[0] ?? "").toLowerCase();
  if (word === "help" || word === "" || word === "?") return { name: "help" };
  if (word === "ping") return { name: "ping" };
  return { name: "unknown", word: word.slice(0, 40) };
}

export interface Community {
  readonly name: string;
}

export function helpText(community: Community): string {
  return [
    `Hello! I'm the ${community.name} bot. I help members of ${community.name} find peers who share their experience.`,
    "",
    "Commands you can send me here:",
    "• help: this message",
    "• ping: check that I'm listening",
    "",
    `In other rooms, start a command with ${COMMAND_PREFIX}, for example "${COMMAND_PREFIX} help".`,
    "I only read messages addressed to me, and I never keep what you write to other people.",
  ].join("\n");
}

export function replyTo(command: Command, community: Community): string {
  switch (command.name) {
    case "help":
      return helpText(community);
    case "ping":
      return "Pong! I'm here and listening.";
    case "unknown":
      return `Sorry, I don't know "${command.word}". Send "help" to see what I can do.`;
  }
}

export function greeting(community: Community): string {
  return `Hi, I'm the ${community.name} bot. Send "help" to see what I can do.`;
}
