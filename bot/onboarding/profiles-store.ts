import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { moveSchedulesToZone } from "../scheduler/schedule-store.ts";
import type { MemberCipher } from "./member-cipher.ts";
import type { MemberId } from "./members-store.ts";
import { profileSchema, type Profile } from "./profile.ts";

export async function saveProfile(
  db: Kysely<Database>,
  cipher: MemberCipher,
  memberId: MemberId,
  profile: Profile,
  now: Date,
): Promise<void> {
  const row = {
    role: profile.role,
    languages_json: JSON.stringify(profile.languages),
    timezone: profile.timezone,
    availability_json: JSON.stringify(profile.availability),
    channels_json: JSON.stringify(profile.channels),
    capacity: profile.capacity,
    experiences_sealed: cipher.seal(JSON.stringify(profile.experiences)),
    strengths_sealed: cipher.seal(profile.strengths),
    support_wanted_sealed: cipher.seal(profile.supportWanted),
    filters_sealed: cipher.seal(JSON.stringify(profile.filters)),
    note_sealed: cipher.seal(profile.note),
    updated_at: now.toISOString(),
  };
  await db
    .insertInto("profiles")
    .values({ member_id: memberId, ...row })
    .onConflict((oc) => oc.column("member_id").doUpdateSet(row))
    .execute();
  await moveSchedulesToZone(db, memberId, profile.timezone, now); // a move takes check-ins along
}

/** The member's profile, opened; stored values are decoded again (they are as untrusted as any input). */
export async function loadProfile(
  db: Kysely<Database>,
  cipher: MemberCipher,
  memberId: MemberId,
): Promise<Profile | undefined> {
  const row = await db
    .selectFrom("profiles")
    .selectAll()
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return profileSchema.parse({
    experiences: JSON.parse(cipher.open(row.experiences_sealed)),
    role: row.role,
    strengths: cipher.open(row.strengths_sealed),
    supportWanted: cipher.open(row.support_wanted_sealed),
    languages: JSON.parse(row.languages_json),
    timezone: row.timezone,
    availability: JSON.parse(row.availability_json),
    channels: JSON.parse(row.channels_json),
    capacity: row.capacity,
    filters: JSON.parse(cipher.open(row.filters_sealed)),
    note: cipher.open(row.note_sealed),
  });
}
