import { startEventProcessor, type EventProcessor } from "../../bot/event-processor.ts";
import type { EventId, RoomId, UserId } from "../../bot/ids.ts";
import {
  communityWording,
  MATCH_FLOW_DEFAULTS,
  type MatchFlowSettings,
} from "../../bot/match-flow/settings.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import { memberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findOrCreateMember, markOnboarded, type MemberId } from "../../bot/onboarding/members-store.ts";
import type { Profile } from "../../bot/onboarding/profile.ts";
import { saveProfile } from "../../bot/onboarding/profiles-store.ts";
import { recordDirectRoom } from "../../bot/stores/direct-rooms.ts";
import { acceptTransaction } from "../../bot/stores/transactions.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import type { InboundEvent } from "../../bot/events.ts";
import { memoryDatabase } from "./database.ts";
import { FakeMatrix } from "./fake-matrix.ts";
import { BOT, recordingLogger, testPeerRoomSettings } from "./harness.ts";

export const GRIEF_PAST: Profile = {
  experiences: [{ id: "grief", stage: "past" }],
  role: "offering",
  strengths: "Listening",
  supportWanted: "",
  languages: ["en"],
  timezone: "UTC",
  availability: { days: ["mon", "tue", "wed"], times: ["evening"] },
  channels: { modes: ["text"], settings: ["one_to_one", "group"] },
  capacity: 1,
  filters: { ageBands: [], genders: [], stage: null },
  note: "",
};

export const GRIEF_NOW: Profile = {
  ...GRIEF_PAST,
  experiences: [{ id: "grief", stage: "now" }],
  role: "seeking",
  availability: { days: ["mon", "tue"], times: ["evening"] },
};

export const EXPERIENCES = [
  { id: "grief", label: "Grief and loss" },
  { id: "caregiving", label: "Caring for someone" },
];

/** The real processor, real in-memory SQLite and a fake homeserver, on a clock the test moves. */
export interface MatchWorld {
  readonly handle: DatabaseHandle;
  readonly matrix: FakeMatrix;
  readonly processor: EventProcessor;
  readonly flow: MatchFlowSettings;
  readonly peerRooms: ReturnType<typeof testPeerRoomSettings>;
  now(): Date;
  /** Moves the clock on (the processor's duties see it), then lets everything due happen. */
  advance(ms: number): Promise<void>;
  member(
    localpart: string,
    profile: Profile,
    onboardedAgoMs?: number,
  ): Promise<{ id: MemberId; userId: UserId }>;
  /** The member writes in their DM with the bot. */
  say(userId: UserId, body: string): Promise<void>;
  membership(roomId: RoomId, userId: UserId, membership: "join" | "leave"): Promise<void>;
  /** Every DM body the bot sent this member, oldest first. */
  dms(userId: UserId): string[];
  close(): Promise<void>;
}

let sequence = 0;

/** A world whose flow settings differ from the defaults in `overrides`. */
export function matchWorldWith(overrides: Partial<MatchFlowSettings>): Promise<MatchWorld> {
  return matchWorld(undefined, overrides);
}

export async function matchWorld(
  start = "2026-11-27T10:00:00Z",
  overrides: Partial<MatchFlowSettings> = {},
): Promise<MatchWorld> {
  const handle = await memoryDatabase();
  const matrix = new FakeMatrix();
  let clock = Date.parse(start);
  const { sodium } = await loadSodium();
  const flow: MatchFlowSettings = {
    ...MATCH_FLOW_DEFAULTS,
    cipher: memberCipher(sodium, new Uint8Array(32).fill(7)),
    wording: communityWording(EXPERIENCES, [{ id: "practical-tips", label: "Practical tips" }]),
    ...overrides,
  };
  const peerRooms = testPeerRoomSettings({
    inviteReminderAfterMs: 1000 * 3_600_000,
    inviteExpiryAfterMs: 2000 * 3_600_000,
  });
  const processor = startEventProcessor({
    db: handle.db,
    ports: matrix,
    bot: { userId: BOT, community: { name: "Test Community" }, peerRooms, matching: flow },
    logger: recordingLogger(),
    now: () => new Date(clock),
    retry: { baseMs: 5, maxMs: 20 },
  });
  const deliver = async (event: InboundEvent): Promise<void> => {
    await acceptTransaction(handle.db, {
      homeserverInstance: "i",
      txnId: `t${++sequence}`,
      events: [event],
      receivedAt: new Date(clock),
    });
    processor.wake();
    await processor.idle();
  };
  const dmRoom = (userId: UserId): RoomId => `!dm-${userId.slice(1)}` as RoomId;
  return {
    handle,
    matrix,
    processor,
    flow,
    peerRooms,
    now: () => new Date(clock),
    async advance(ms) {
      clock += ms;
      await processor.idle();
    },
    async member(localpart, profile, onboardedAgoMs = 0) {
      const userId = `@${localpart}:community.test` as UserId;
      const at = new Date(clock - onboardedAgoMs);
      const member = await findOrCreateMember(handle.db, userId, at);
      await saveProfile(handle.db, flow.cipher, member.id, profile, at);
      await markOnboarded(handle.db, member.id, at);
      await recordDirectRoom(handle.db, { roomId: dmRoom(userId), member: userId }, at);
      return { id: member.id, userId };
    },
    say: async (userId, body) => {
      await recordDirectRoom(handle.db, { roomId: dmRoom(userId), member: userId }, new Date(clock));
      await deliver({
        kind: "text",
        eventId: `$t${++sequence}` as EventId,
        roomId: dmRoom(userId),
        sender: userId,
        msgtype: "m.text",
        body,
        originServerTs: clock,
      });
    },
    membership: (roomId, userId, membership) =>
      deliver({
        kind: "membership",
        eventId: `$m${++sequence}` as EventId,
        roomId,
        sender: userId,
        target: userId,
        membership,
        isDirect: false,
        originServerTs: clock,
      }),
    dms: (userId) =>
      matrix.calls.flatMap((c) => (c.kind === "direct" && c.userId === userId ? [c.body] : [])),
    async close() {
      await processor.stop();
      await handle.close();
    },
  };
}
