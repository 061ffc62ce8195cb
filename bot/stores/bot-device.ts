import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { UserId } from "../ids.ts";

export interface BotDeviceRecord {
  readonly userId: UserId;
  readonly deviceId: string;
  /** The device's access token, sealed by the caller (it opens the bot's account). */
  readonly accessTokenSealed: string;
}

export async function loadBotDevice(
  db: Kysely<Database>,
  userId: UserId,
): Promise<BotDeviceRecord | undefined> {
  const row = await db
    .selectFrom("bot_device")
    .select(["device_id", "access_token_sealed"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row && { userId, deviceId: row.device_id, accessTokenSealed: row.access_token_sealed };
}

export async function saveBotDevice(db: Kysely<Database>, record: BotDeviceRecord, at: Date): Promise<void> {
  await db
    .insertInto("bot_device")
    .values({
      user_id: record.userId,
      device_id: record.deviceId,
      access_token_sealed: record.accessTokenSealed,
      created_at: at.toISOString(),
    })
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet({
        device_id: record.deviceId,
        access_token_sealed: record.accessTokenSealed,
        created_at: at.toISOString(),
      }),
    )
    .execute();
}
