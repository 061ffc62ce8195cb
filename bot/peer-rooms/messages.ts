/** What the bot says in and about peer rooms: kind, brief, and never about anyone's health. */
export interface PeerRoomTexts {
  readonly communityName: string;
  readonly guidelinesUrl: string;
  readonly starters: readonly string[];
}

export function welcome(texts: PeerRoomTexts, newcomer: string, purpose: string): string {
  return [
    `Welcome, ${newcomer}. This is a private, end-to-end-encrypted room of ${texts.communityName}.`,
    purpose === "" ? "" : `Why you're here: ${purpose}`,
    `Please read the community guidelines: ${texts.guidelinesUrl}`,
    "Some ways to start:",
    ...texts.starters.map((starter) => `• ${starter}`),
    "I can't read what you write to each other here, except messages starting with !kindred.",
  ]
    .filter((line) => line !== "")
    .join("\n");
}

export function peerLeft(name: string, closing: boolean): string {
  return closing
    ? `${name} has left. Thank you both for the time you shared. This peer room is now closed; I'll be in touch about what comes next.`
    : `${name} has left the room. Thank you, ${name}, for the time you shared.`;
}

export function peerDeclined(name: string, closing: boolean): string {
  return closing
    ? `${name} won't be joining this time. That's okay, and nobody is at fault. This room is closed; I'll look for another match for you.`
    : `${name} won't be joining this time.`;
}

export function couldNotReach(names: readonly string[]): string {
  return `I couldn't invite ${names.join(" and ")} to your peer room, so I've closed it. I'm sorry — I'll look for another match for you.`;
}

export function inviteReminder(communityName: string): string {
  return `A gentle reminder: a peer from ${communityName} is waiting for you in a private room I invited you to. Accept the invite whenever you're ready, or decline it if now isn't the time.`;
}

export function inviteExpired(name: string, closing: boolean): string {
  return closing
    ? `${name} didn't accept the invite in time, so I've closed this room. I'll look for another match for you.`
    : `${name} didn't accept the invite in time.`;
}

/** A readable name for a member without storing profiles here: the localpart. */
export function shortName(userId: string): string {
  return userId.slice(1, userId.includes(":") ? userId.indexOf(":") : undefined);
}
