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
    filters_sealed: sealWithSelf(cipher, profile),
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
  const filters = openWithSelf(cipher, row.filters_sealed);
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
    filters: filters.filters,
    ageBand: filters.self.ageBand,
    gender: filters.self.gender,
    note: cipher.open(row.note_sealed),
  });
}

/*
 * Some columns hold two sealed values separated by a space (sealed text never holds one), so that a field added
 * later needed no migration: rows saved before it hold only the first value.
 * - Strengths and wishes: the free text, then the tag list as JSON (older rows: no tags).
 * - Filters: the filters as JSON, then the member's own age band and gender, the two things other members'
 *   filters look at (older rows: not said). That JSON is padded to one length, so the sealed value's length does
 *   not tell whether, or which, age band and gender were given.
 */
function sealTwo(cipher: MemberCipher, first: string, second: string): string {
  return `${cipher.seal(first)} ${cipher.seal(second)}`;
}

function openTwo(cipher: MemberCipher, sealed: string): { first: string; second: string | undefined } {
  const [first = "", second] = sealed.split(" ");
  return { first: cipher.open(first), second: second === undefined ? undefined : cipher.open(second) };
}

function sealWithTags(cipher: MemberCipher, text: string, tags: readonly string[]): string {
  return sealTwo(cipher, text, JSON.stringify(tags));
}

function openWithTags(cipher: MemberCipher, sealed: string): { text: string; tags: unknown } {
  const { first, second } = openTwo(cipher, sealed);
  return { text: first, tags: second === undefined ? [] : JSON.parse(second) };
}

/** Longer than {"ageBand":"25-34","gender":"non_binary"}; JSON allows the trailing spaces. */
const SELF_LENGTH = 64;

function sealWithSelf(cipher: MemberCipher, profile: Profile): string {
  const self = JSON.stringify({ ageBand: profile.ageBand ?? null, gender: profile.gender ?? null });
  return sealTwo(cipher, JSON.stringify(profile.filters), self.padEnd(SELF_LENGTH));
}

function openWithSelf(
  cipher: MemberCipher,
  sealed: string,
): { filters: unknown; self: { ageBand?: unknown; gender?: unknown } } {
  const { first, second } = openTwo(cipher, sealed);
  const self: unknown = second === undefined ? {} : JSON.parse(second);
  return { filters: JSON.parse(first), self: typeof self === "object" && self !== null ? self : {} };
}
