import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";

/** Records one thank-you (the text is never stored); false if this peer already thanked for this pairing. */
export async function recordThankYou(
  db: Kysely<Database>,
  thanks: { readonly pairingId: string; readonly from: MemberId; readonly to: MemberId },
  at: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto("thank_yous")
    .values({
      pairing_id: thanks.pairingId,
      from_member_id: thanks.from,
      to_member_id: thanks.to,
      sent_at: at.toISOString(),
    })
    .onConflict((oc) => oc.columns(["pairing_id", "from_member_id", "to_member_id"]).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** How many thank-yous the member received: a count for them to see, never a ranking. */
export async function thankYouCount(db: Kysely<Database>, memberId: MemberId): Promise<number> {
  const row = await db
    .selectFrom("thank_yous")
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
    .where("to_member_id", "=", memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function pairingsThankedBy(db: Kysely<Database>, memberId: MemberId): Promise<Set<string>> {
  const rows = await db
    .selectFrom("thank_yous")
    .select("pairing_id")
    .where("from_member_id", "=", memberId)
    .execute();
  return new Set(rows.map((r) => r.pairing_id));
}
