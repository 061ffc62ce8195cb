import type { Kysely } from "kysely";
import type { Selectable } from "kysely";
import type { Database, ProfileTable } from "../../schema/index.ts";
import { moveSchedulesToZone } from "../scheduler/schedule-store.ts";
import type { MemberCipher } from "./member-cipher.ts";
import type { MemberId } from "./members-store.ts";
import { profileSchema, type OpenedProfile, type Profile } from "./profile.ts";

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
    strengths_sealed: sealWithTags(cipher, profile.strengths, profile.strengthTags ?? []),
    support_wanted_sealed: sealWithTags(cipher, profile.supportWanted, profile.needTags ?? []),
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
): Promise<OpenedProfile | undefined> {
  const row = await db
    .selectFrom("profiles")
    .selectAll()
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row === undefined ? undefined : openProfileRow(cipher, row);
}

/** Many profiles at once (matching reads a whole community): one query per `BATCH` members. */
export async function loadProfiles(
  db: Kysely<Database>,
  cipher: MemberCipher,
  memberIds: readonly MemberId[],
): Promise<Map<MemberId, OpenedProfile>> {
  const opened = new Map<MemberId, OpenedProfile>();
  for (let i = 0; i < memberIds.length; i += PROFILE_BATCH) {
    const rows = await db
      .selectFrom("profiles")
      .selectAll()
      .where("member_id", "in", memberIds.slice(i, i + PROFILE_BATCH))
      .execute();
    for (const row of rows) opened.set(row.member_id as MemberId, openProfileRow(cipher, row));
  }
  return opened;
}

const PROFILE_BATCH = 500;

function openProfileRow(cipher: MemberCipher, row: Selectable<ProfileTable>): OpenedProfile {
  const strengths = openWithTags(cipher, row.strengths_sealed);
  const supportWanted = openWithTags(cipher, row.support_wanted_sealed);
  return profileSchema.parse({
    experiences: JSON.parse(cipher.open(row.experiences_sealed)),
    role: row.role,
    strengths: strengths.text,
    supportWanted: supportWanted.text,
    strengthTags: strengths.tags,
    needTags: supportWanted.tags,
    languages: JSON.parse(row.languages_json),
    timezone: row.timezone,
    availability: JSON.parse(row.availability_json),
    channels: JSON.parse(row.channels_json),
    capacity: row.capacity,
    filters: JSON.parse(cipher.open(row.filters_sealed)),
    note: cipher.open(row.note_sealed),
  });
}

/*
 * Strengths and wishes are stored with their tags in the same column, as two sealed values separated by a space
 * (sealed text never holds one): the free text, then the tag list as JSON. Rows saved before tags existed hold
 * only the text, so they read back with no tags, and no migration was needed.
 */
function sealWithTags(cipher: MemberCipher, text: string, tags: readonly string[]): string {
  return `${cipher.seal(text)} ${cipher.seal(JSON.stringify(tags))}`;
}

function openWithTags(cipher: MemberCipher, sealed: string): { text: string; tags: unknown } {
  const [text = "", tags] = sealed.split(" ");
  return { text: cipher.open(text), tags: tags === undefined ? [] : JSON.parse(cipher.open(tags)) };
}
