import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { ensureSigningKey } from "../../bot/attestations/signing-keys.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { BotIdentity } from "../../bot/handle-event.ts";
import type { UserId } from "../../bot/ids.ts";
import { findOrCreateMember, type Member } from "../../bot/onboarding/members-store.ts";
import type { RecognitionSettings } from "../../bot/recognition/settings.ts";
import type { RoleThresholds } from "../../bot/recognition/thresholds.ts";
import type { Database, DatabaseHandle, PairingFeedback } from "../../schema/index.ts";
import { memoryDatabase } from "./database.ts";
import { testPeerRoomSettings } from "./harness.ts";

export const TEST_THRESHOLDS: RoleThresholds = {
  peer_supporter: { pairings: 2, circles: 0, positiveFeedbackPercent: 0, training: false },
  mentor: { pairings: 4, circles: 1, positiveFeedbackPercent: 75, training: true },
};

export interface TestCommunity {
  readonly database: DatabaseHandle;
  readonly db: Kysely<Database>;
  readonly settings: RecognitionSettings;
  readonly bot: BotIdentity & { readonly recognition: RecognitionSettings };
  member(userId: string): Promise<Member>;
}

/** A community on in-memory SQLite with a signing key, as `kindred start` leaves it. */
export async function testCommunity(
  issuer: string,
  options: { trustedIssuers?: readonly string[]; thresholds?: RoleThresholds } = {},
): Promise<TestCommunity> {
  const database = await memoryDatabase();
  const { sodium } = await loadSodium();
  const vault = { sodium, sealingKey: new Uint8Array(randomBytes(32)) };
  await ensureSigningKey(database.db, vault, new Date("2026-01-01T00:00:00Z"));
  const settings: RecognitionSettings = {
    issuer,
    thresholds: options.thresholds ?? TEST_THRESHOLDS,
    vault,
    validityMs: 365 * 86_400_000,
    trustedIssuers: options.trustedIssuers ?? [],
    recheckAfterMs: 3_600_000,
  };
  const bot = {
    userId: `@kindred:${issuer}` as UserId,
    community: { name: `Community of ${issuer}` },
    peerRooms: testPeerRoomSettings(),
    recognition: settings,
  };
  return {
    database,
    db: database.db,
    settings,
    bot,
    member: (userId) => findOrCreateMember(database.db, userId as UserId, new Date("2026-01-01T00:00:00Z")),
  };
}

let sequence = 0;

/** An ended pairing (or circle) between members, each with the feedback given (null: none yet). */
export async function endedPairing(
  db: Kysely<Database>,
  kind: "pair" | "circle" | "mentor",
  feedback: readonly (readonly [Member, PairingFeedback | null])[],
  endedAt: Date = new Date("2026-03-01T00:00:00Z"),
): Promise<string> {
  const id = `pairing${++sequence}`;
  const at = endedAt.toISOString();
  await db
    .insertInto("peer_rooms")
    .values({
      id: `room-${id}`,
      kind: kind === "circle" ? "circle" : "pair",
      status: "closed",
      room_id: null,
      purpose_sealed: null,
      reason: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto("pairings")
    .values({
      id,
      kind,
      peer_room_id: `room-${id}`,
      suggestion_id: null,
      features_json: null,
      status: "ended",
      started_at: at,
      ended_at: at,
      learned_at: null,
    })
    .execute();
  for (const [member, outcome] of feedback)
    await db
      .insertInto("pairing_members")
      .values({
        pairing_id: id,
        member_id: member.id,
        ended_at: at,
        outcome,
        feedback_note_sealed: null,
        again_at: null,
      })
      .execute();
  return id;
}

/** The value a test just arranged for; its absence means the arrangement failed. */
export function present<T>(value: T | undefined, what = "a value"): T {
  if (value === undefined) throw new Error(`expected ${what}`);
  return value;
}
