import type { PeerRoomTexts } from "./messages.ts";

/** How the bot runs peer rooms: texts, invite timing, and access to sealed purposes. */
export interface PeerRoomSettings {
  readonly texts: PeerRoomTexts;
  /** An invite not accepted after this long is reminded once… */
  readonly inviteReminderAfterMs: number;
  /** …and after this long it expires. */
  readonly inviteExpiryAfterMs: number;
  seal(text: string): string;
  /** `undefined` if the sealed text cannot be opened (wrong key or damaged). */
  open(sealed: string): string | undefined;
}

export const DEFAULT_STARTERS: readonly string[] = [
  "What brought you to the community?",
  "What has helped you most so far, even a little?",
  "What would make this week a bit easier?",
];
