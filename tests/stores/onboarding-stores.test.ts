import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { RoomId, UserId } from "../../bot/ids.ts";
import { completeOnboarding, deleteAccount, exportMemberData } from "../../bot/onboarding/account.ts";
import { consentsOf, missingConsents, recordConsents } from "../../bot/onboarding/consents-store.ts";
import { memberCipher, type MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findMemberByUserId, findOrCreateMember } from "../../bot/onboarding/members-store.ts";
import { spendOpenIdToken } from "../../bot/onboarding/openid-tokens-store.ts";
import type { Profile } from "../../bot/onboarding/profile.ts";
import { loadProfile, saveProfile } from "../../bot/onboarding/profiles-store.ts";
import {
  createSession,
  endSession,
  liveSession,
  sessionMember,
} from "../../bot/onboarding/sessions-store.ts";
import { issueSigninCode, redeemSigninCode } from "../../bot/onboarding/signin-codes-store.ts";
import { recordDirectRoom } from "../../bot/stores/direct-rooms.ts";
import { pendingEffects } from "../../bot/stores/outbox.ts";
import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../../schema/index.ts";
import { openMigratedStore, storeBackends } from "../support/database.ts";

const T0 = new Date("2026-05-01T10:00:00Z");
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export const PROFILE: Profile = {
  experiences: [{ id: "caregiving", stage: "now" }],
  role: "seeking",
  strengths: "Listening",
  supportWanted: "Company on hard days",
  strengthTags: ["listening"],
  needTags: ["respite-zq"],
  languages: ["en"],
  timezone: "Europe/Paris",
  availability: { days: ["mon"], times: ["evening"] },
  channels: { modes: ["text"], settings: ["one_to_one"] },
  capacity: 1,
  filters: { ageBands: ["50-64"], genders: ["woman"], stage: "past" },
  ageBand: "35-49",
  gender: "non_binary",
  note: "UNIQUE-PRIVATE-NOTE-7f3a",
};

const backends = storeBackends("kindred-onb-");

describe.each(backends)("the onboarding stores on %s", (_name, open) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let cipher: MemberCipher;
  const deps = () => ({ db: handle.db, now: () => T0, wakeOutbox: () => undefined });

  beforeAll(async () => {
    ({ handle, close } = await openMigratedStore(open));
    cipher = memberCipher((await loadSodium()).sodium, new Uint8Array(randomBytes(32)));
  });
  afterAll(async () => {
    await close();
  });

  it("creates a member once per Matrix ID", async () => {
    const a = await findOrCreateMember(handle.db, "@a:hs" as UserId, T0);
    const again = await findOrCreateMember(handle.db, "@a:hs" as UserId, later(5));
    expect(again).toEqual(a);
    expect(a.onboardedAt).toBeNull();
  });

  it("keeps sessions by hash until they expire or end", async () => {
    const member = await findOrCreateMember(handle.db, "@s:hs" as UserId, T0);
    const token = await createSession(handle.db, member.id, T0);
    expect(await sessionMember(handle.db, token, later(60))).toEqual(member);
    expect(await liveSession(handle.db, token, later(60))).toEqual({
      member,
      expiresAt: later(30 * 24 * 60),
    });
    expect(await sessionMember(handle.db, token, later(31 * 24 * 60))).toBeUndefined();
    const stored = await handle.db.selectFrom("web_sessions").select("token_hash").execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    await endSession(handle.db, token);
    expect(await sessionMember(handle.db, token, later(1))).toBeUndefined();
  });

  it("records consents with version and time, and knows which are missing", async () => {
    const member = await findOrCreateMember(handle.db, "@c:hs" as UserId, T0);
    await recordConsents(handle.db, member.id, [{ id: "ai", version: "1" }], T0);
    await recordConsents(handle.db, member.id, [{ id: "ai", version: "1" }], later(1));
    expect(await consentsOf(handle.db, member.id)).toEqual([{ id: "ai", version: "1", agreedAt: T0 }]);
    expect(
      await missingConsents(handle.db, member.id, [
        { id: "ai", version: "2" },
        { id: "ai", version: "1" },
      ]),
    ).toEqual([{ id: "ai", version: "2" }]);
  });

  it("stores a profile sealed and opens it again", async () => {
    const member = await findOrCreateMember(handle.db, "@p:hs" as UserId, T0);
    await saveProfile(handle.db, cipher, member.id, PROFILE, T0);
    await saveProfile(handle.db, cipher, member.id, { ...PROFILE, capacity: 3 }, later(1));
    expect(await loadProfile(handle.db, cipher, member.id)).toEqual({ ...PROFILE, capacity: 3 });
    const raw = JSON.stringify(await handle.db.selectFrom("profiles").selectAll().execute());
    expect(raw).not.toContain(PROFILE.note);
    expect(raw).not.toContain("caregiving");
  });

  it("reads a profile saved before tags existed with no tags", async () => {
    const member = await findOrCreateMember(handle.db, "@old:hs" as UserId, T0);
    await saveProfile(handle.db, cipher, member.id, PROFILE, T0);
    await handle.db
      .updateTable("profiles")
      .set({ strengths_sealed: cipher.seal("Old strengths"), support_wanted_sealed: cipher.seal("Old wish") })
      .where("member_id", "=", member.id)
      .execute();
    expect(await loadProfile(handle.db, cipher, member.id)).toMatchObject({
      strengths: "Old strengths",
      supportWanted: "Old wish",
      strengthTags: [],
      needTags: [],
    });
  });

  it("reads a profile saved before it asked one's own age band and gender as not said", async () => {
    const member = await findOrCreateMember(handle.db, "@older:hs" as UserId, T0);
    await saveProfile(handle.db, cipher, member.id, PROFILE, T0);
    await handle.db
      .updateTable("profiles")
      .set({ filters_sealed: cipher.seal(JSON.stringify(PROFILE.filters)) }) // as rows were then
      .where("member_id", "=", member.id)
      .execute();
    expect(await loadProfile(handle.db, cipher, member.id)).toEqual({
      ...PROFILE,
      ageBand: null,
      gender: null,
    });
  });

  it("seals one's own age band and gender so that not even the length tells what was said", async () => {
    const sealedFilters = async (localpart: string, own: Partial<Profile>) => {
      const member = await findOrCreateMember(handle.db, `@${localpart}:hs` as UserId, T0);
      await saveProfile(handle.db, cipher, member.id, { ...PROFILE, ...own }, T0);
      expect(await loadProfile(handle.db, cipher, member.id)).toMatchObject(own);
      const row = await handle.db
        .selectFrom("profiles")
        .select("filters_sealed")
        .where("member_id", "=", member.id)
        .executeTakeFirstOrThrow();
      return row.filters_sealed;
    };
    const said = await sealedFilters("said", { ageBand: "25-34", gender: "non_binary" });
    const unsaid = await sealedFilters("unsaid", { ageBand: null, gender: null });
    const man = await sealedFilters("man", { ageBand: "65+", gender: "man" });
    expect(said).not.toContain("25-34");
    expect(new Set([said.length, unsaid.length, man.length]).size).toBe(1);
  });

  it("issues codes valid 15 minutes, single use", async () => {
    const user = "@code:hs" as UserId;
    const { code } = await issueSigninCode(handle.db, user, T0);
    expect((await redeemSigninCode(handle.db, user, code, later(14))).ok).toBe(true);
    expect(await redeemSigninCode(handle.db, user, code, later(14))).toMatchObject({ error: "no_code" });
    const second = await issueSigninCode(handle.db, user, T0);
    expect(await redeemSigninCode(handle.db, user, second.code, later(15))).toMatchObject({
      error: "expired",
    });
  });

  it("accepts each OpenID token once", async () => {
    expect(await spendOpenIdToken(handle.db, "token-x", T0)).toBe(true);
    expect(await spendOpenIdToken(handle.db, "token-x", later(1))).toBe(false);
    // Long after every such token expired, the record is pruned.
    expect(await spendOpenIdToken(handle.db, "token-x", later(3 * 60))).toBe(true);
  });

  it("greets once, exports everything, and deletes everything", async () => {
    const member = await findOrCreateMember(handle.db, "@gone:hs" as UserId, T0);
    await recordConsents(handle.db, member.id, [{ id: "ai", version: "1" }], T0);
    await saveProfile(handle.db, cipher, member.id, PROFILE, T0);
    await recordDirectRoom(handle.db, { roomId: "!dm-gone:hs" as RoomId, member: member.userId }, T0);
    await completeOnboarding(deps(), member, "Welcome!");
    await completeOnboarding(deps(), member, "Welcome!");
    expect(
      (await pendingEffects(handle.db, 100)).filter((e) => e.effectId.startsWith("welcome:")),
    ).toHaveLength(1);

    const onboarded = await findMemberByUserId(handle.db, member.userId);
    const exported = await exportMemberData(handle.db, cipher, onboarded ?? member, T0);
    expect(exported).toMatchObject({
      member: { userId: "@gone:hs", onboardedAt: T0.toISOString() },
      profile: PROFILE,
      directRooms: ["!dm-gone:hs"],
    });

    await deleteAccount(deps(), member);
    expect(await findMemberByUserId(handle.db, member.userId)).toBeUndefined();
    expect(await loadProfile(handle.db, cipher, member.id)).toBeUndefined();
    expect(await consentsOf(handle.db, member.id)).toEqual([]);
    const pending = await pendingEffects(handle.db, 100);
    expect(pending.map((e) => e.effect)).toContainEqual({ kind: "leave", roomId: "!dm-gone:hs" });
    expect(pending.filter((e) => e.effectId.startsWith("welcome:"))).toHaveLength(0);
  });
});

describe("member data at rest (SQLite file)", () => {
  it("does not contain experiences, note, filters, age band or gender in plain text", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindred-raw-"));
    const file = join(dir, "kindred.sqlite");
    const handle = connectDatabase(file);
    const migrated = await migrateToLatest(handle);
    if (!migrated.ok) throw new Error(migrated.message);
    const cipher = memberCipher((await loadSodium()).sodium, new Uint8Array(randomBytes(32)));
    const member = await findOrCreateMember(handle.db, "@raw:hs" as UserId, T0);
    const profile: Profile = {
      ...PROFILE,
      experiences: [{ id: "rare-illness-zq", stage: "now" }],
      filters: { ageBands: ["18-24"], genders: ["non_binary"], stage: "now" },
      ageBand: "65+",
      gender: "woman",
    };
    await saveProfile(handle.db, cipher, member.id, profile, T0);
    await handle.close(); // checkpoints the WAL into the main file
    const raw = readFileSync(file).toString("latin1");
    expect(raw).toContain("@raw:hs"); // the file is readable: the check below means something
    for (const secret of [
      profile.note,
      "rare-illness-zq",
      "non_binary",
      "18-24",
      "65+",
      "woman",
      PROFILE.strengths,
      PROFILE.supportWanted,
      "respite-zq",
    ])
      expect(raw).not.toContain(secret);
  });
});
