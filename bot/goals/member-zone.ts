import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { zoneOrUtc } from "./local-date.ts";

/** The timezone from the member's profile; UTC for members who have not filled one in. */
export async function memberTimeZone(db: Kysely<Database>, memberId: MemberId): Promise<string> {
  const row = await db
    .selectFrom("profiles")
    .select("timezone")
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return zoneOrUtc(row?.timezone);
}
