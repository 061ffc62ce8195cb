import { randomBytes } from "node:crypto";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import { handleEvent, type BotIdentity } from "../../bot/handle-event.ts";
import type { EventId, RoomId, UserId } from "../../bot/ids.ts";
import { memberCipher, type MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import { insertPeerRoom, setMemberState, setPeerRoomStatus } from "../../bot/peer-rooms/store.ts";
import { recordDirectRoom } from "../../bot/stores/direct-rooms.ts";
import type { Effect } from "../../bot/effects.ts";
import type { Profile } from "../../bot/onboarding/profile.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { memoryDatabase } from "./database.ts";
import { BOT, testPeerRoomSettings } from "./harness.ts";

/** The bot's event handler on in-memory SQLite with a real member-data cipher, driven message by message. */
export interface GoalBot {
  readonly database: DatabaseHandle;
  readonly cipher: MemberCipher;
  readonly bot: BotIdentity;
  readonly clock: { now: Date };
  /** A DM between `user` and the bot. */
  directRoom(user: UserId): Promise<RoomId>;
  /** An open peer room these members have joined. */
  peerRoom(members: readonly UserId[]): Promise<RoomId>;
  /** Sends `body` as `user` in `room`; returns the bodies of the bot's notices and DMs. */
  say(user: UserId, room: RoomId, body: string): Promise<string>;
  effects(user: UserId, room: RoomId, body: string): Promise<Effect[]>;
  close(): Promise<void>;
}

export async function goalBot(start = new Date("2026-12-01T10:00:00Z")): Promise<GoalBot> {
  const database = await memoryDatabase();
  const cipher = memberCipher((await loadSodium()).sodium, new Uint8Array(randomBytes(32)));
  const bot: BotIdentity = {
    userId: BOT,
    community: { name: "Test Community" },
    peerRooms: testPeerRoomSettings(),
    cipher,
  };
  const clock = { now: start };
  const effects = (user: UserId, room: RoomId, body: string) =>
    database.db.transaction().execute((trx) =>
      handleEvent(
        trx,
        bot,
        {
          kind: "text",
          msgtype: "m.text",
          body,
          eventId: `$${randomBytes(8).toString("hex")}` as EventId,
          roomId: room,
          sender: user,
          originServerTs: clock.now.getTime(),
        },
        clock.now,
      ),
    );
  return {
    database,
    cipher,
    bot,
    clock,
    async directRoom(user) {
      const roomId = `!dm-${randomBytes(4).toString("hex")}:community.test` as RoomId;
      await recordDirectRoom(database.db, { roomId, member: user }, clock.now);
      return roomId;
    },
    async peerRoom(members) {
      const id = randomBytes(6).toString("hex");
      const roomId = `!peer-${id}:community.test` as RoomId;
      await insertPeerRoom(database.db, { id, kind: "pair", members, purposeSealed: null }, clock.now);
      await setPeerRoomStatus(database.db, id, { status: "open", roomId }, clock.now);
      for (const member of members) await setMemberState(database.db, id, member, "joined", clock.now);
      return roomId;
    },
    effects,
    async say(user, room, body) {
      const out = await effects(user, room, body);
      return out
        .map((effect) =>
          effect.kind === "notice" || effect.kind === "direct" ? effect.body : `(${effect.kind})`,
        )
        .join("\n---\n");
    },
    close: () => database.close(),
  };
}

/** A profile in Europe/Paris, for tests that need a member's timezone. */
export const PARIS: Profile = {
  experiences: [{ id: "caregiving", stage: "now" }],
  role: "seeking",
  strengths: "",
  supportWanted: "",
  languages: ["en"],
  timezone: "Europe/Paris",
  availability: { days: ["mon"], times: ["evening"] },
  channels: { modes: ["text"], settings: ["one_to_one"] },
  capacity: 1,
  filters: { ageBands: [], genders: [], stage: null },
  note: "",
};
