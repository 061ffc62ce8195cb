import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "./members-store.ts";

/** A consent text as the community publishes it; a new `version` asks every member again. */
export interface ConsentText {
  readonly id: string;
  readonly version: string;
}

export interface GivenConsent extends ConsentText {
  readonly agreedAt: Date;
}

export async function recordConsents(
  db: Kysely<Database>,
  memberId: MemberId,
  texts: readonly ConsentText[],
  now: Date,
): Promise<void> {
  for (const text of texts) {
    await db
      .insertInto("consents")
      .values({
        member_id: memberId,
        consent_id: text.id,
        version: text.version,
        agreed_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(["member_id", "consent_id", "version"]).doNothing())
      .execute();
  }
}

export async function consentsOf(db: Kysely<Database>, memberId: MemberId): Promise<GivenConsent[]> {
  const rows = await db
    .selectFrom("consents")
    .selectAll()
    .where("member_id", "=", memberId)
    .orderBy("agreed_at")
    .orderBy("consent_id")
    .execute();
  return rows.map((r) => ({ id: r.consent_id, version: r.version, agreedAt: new Date(r.agreed_at) }));
}

/** The current texts this member has not yet agreed to (in their current version). */
export async function missingConsents(
  db: Kysely<Database>,
  memberId: MemberId,
  current: readonly ConsentText[],
): Promise<ConsentText[]> {
  const given = await consentsOf(db, memberId);
  return current.filter((text) => !given.some((g) => g.id === text.id && g.version === text.version));
}
