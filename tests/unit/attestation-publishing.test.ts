import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAttestation } from "../../bot/attestations/attestation-store.ts";
import type { Attestation } from "../../bot/attestations/format.ts";
import {
  issueAttestation,
  publishKeys,
  publishPending,
  withdraw,
  type IssuingContext,
} from "../../bot/attestations/issuing.ts";
import { attestationsFromIssuer, verifyOnline } from "../../bot/attestations/reading.ts";
import { ensureSigningKey, revokeSigningKey, rotateSigningKey } from "../../bot/attestations/signing-keys.ts";
import { deriveKey } from "../../bot/crypto/master-key.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { memoryDatabase } from "../support/database.ts";
import { FakeAttestationRooms } from "../support/fake-attestation-room.ts";
import { recordingLogger } from "../support/harness.ts";

const ISSUER = "carers.example";
const ALICE = "@alice:partner.example" as UserId;
const BOB = "@bob:carers.example" as UserId;
const YEAR = 365 * 86_400_000;
const CLAIMS = {
  role: "mentor",
  support_pairings_completed: 20,
  circles_hosted: 2,
  peer_feedback_percent: 98,
  training_completed: true,
} as const;

describe("issuing, publishing and reading attestations (fake rooms, real SQLite)", async () => {
  const { sodium } = await loadSodium();
  const rooms = new FakeAttestationRooms();
  let database: DatabaseHandle;
  let ctx: IssuingContext;

  beforeAll(async () => {
    database = await memoryDatabase();
    const vault = { sodium, sealingKey: deriveKey(sodium, sodium.randombytes_buf(32), "signing-keys") };
    ctx = {
      db: database.db,
      vault,
      issuer: ISSUER,
      publisher: rooms.publisherFor(ISSUER),
      logger: recordingLogger(),
    };
    await ensureSigningKey(database.db, vault, new Date(Date.now() - 60_000));
    expect((await publishKeys(ctx)).ok).toBe(true);
  });
  afterAll(async () => {
    await database.close();
  });

  const issue = async (subject: UserId): Promise<Attestation> => {
    const issued = await issueAttestation(ctx, { subject, claims: CLAIMS, validForMs: YEAR }, new Date());
    if (!issued.ok) throw new Error(issued.message);
    return issued.value;
  };

  it("publishes what it issues, and another community reads and verifies it", async () => {
    const attestation = await issue(ALICE);
    expect((await findAttestation(database.db, attestation.id))?.publishedAt).not.toBeNull();
    const found = await attestationsFromIssuer(rooms.reader, sodium, ISSUER, {
      now: new Date(),
      subject: ALICE,
    });
    expect(found).toMatchObject({
      ok: true,
      value: [{ attestationId: attestation.id, result: { ok: true } }],
    });
    expect(
      await verifyOnline(rooms.reader, sodium, attestation, { now: new Date(), subject: ALICE }),
    ).toMatchObject({ ok: true });
  });

  it("looking up one member leaves out what is about others, even attestations that no longer verify", async () => {
    const room = rooms.rooms.get(ISSUER);
    room?.attestations.set("BrokenAboutSomeone1", { format: "org.kindred.attestation.v1", subject: BOB });
    const found = await attestationsFromIssuer(rooms.reader, sodium, ISSUER, {
      now: new Date(),
      subject: ALICE,
    });
    expect(found.ok && found.value.every((v) => v.attestationId !== "BrokenAboutSomeone1")).toBe(true);
    const forBob = await attestationsFromIssuer(rooms.reader, sodium, ISSUER, {
      now: new Date(),
      subject: BOB,
    });
    expect(
      forBob.ok && forBob.value.find((v) => v.attestationId === "BrokenAboutSomeone1")?.result,
    ).toMatchObject({
      ok: false,
      error: "malformed",
    });
    room?.attestations.delete("BrokenAboutSomeone1");
  });

  it("keeps what it could not publish and publishes it on the next attempt", async () => {
    rooms.failures.push("unavailable");
    const attestation = await issue(BOB);
    expect((await findAttestation(database.db, attestation.id))?.publishedAt).toBeNull();
    expect(await verifyOnline(rooms.reader, sodium, attestation, { now: new Date() })).toMatchObject({
      ok: false,
      error: "not_published",
    });
    expect(await publishPending(ctx, new Date())).toEqual({ ok: true, value: { published: 1 } });
    expect(await verifyOnline(rooms.reader, sodium, attestation, { now: new Date() })).toMatchObject({
      ok: true,
    });
  });

  it("a withdrawal removes the member's name from the room and fails verification", async () => {
    const attestation = await issue(ALICE);
    expect(await withdraw(ctx, attestation.id, new Date())).toEqual({ ok: true, value: undefined });
    expect(rooms.rooms.get(ISSUER)?.attestations.get(attestation.id)).toEqual({
      withdrawn_at: expect.any(Number) as unknown,
    });
    expect(await verifyOnline(rooms.reader, sodium, attestation, { now: new Date() })).toMatchObject({
      ok: false,
      error: "withdrawn",
    });
    const found = await attestationsFromIssuer(rooms.reader, sodium, ISSUER, {
      now: new Date(),
      subject: ALICE,
    });
    expect(found.ok && found.value.map((v) => v.attestationId)).not.toContain(attestation.id);
  });

  it("after rotation old attestations still verify; after revocation of their key they do not", async () => {
    const attestation = await issue(ALICE);
    const rotated = await rotateSigningKey(database.db, ctx.vault, new Date());
    await publishKeys(ctx);
    expect(await verifyOnline(rooms.reader, sodium, attestation, { now: new Date() })).toMatchObject({
      ok: true,
    });
    const newer = await issue(ALICE);
    expect(newer.signatures[ISSUER]).toHaveProperty(`ed25519:${rotated.current}`);

    const revokedFrom = new Date(attestation.issued_at - 1);
    await revokeSigningKey(database.db, ctx.vault, {
      keyId: rotated.retired ?? "",
      from: revokedFrom,
      now: new Date(),
    });
    // Until the new key set is published, readers still see the old one.
    expect(await verifyOnline(rooms.reader, sodium, attestation, { now: new Date() })).toMatchObject({
      ok: true,
    });
    await publishKeys(ctx);
    expect(await verifyOnline(rooms.reader, sodium, attestation, { now: new Date() })).toMatchObject({
      ok: false,
      error: "key_revoked",
    });
    expect(await verifyOnline(rooms.reader, sodium, newer, { now: new Date() })).toMatchObject({ ok: true });
  });

  it("refuses an attestation replayed for another subject, and issuers without a room or key set", async () => {
    const attestation = await issue(ALICE);
    expect(
      await verifyOnline(rooms.reader, sodium, attestation, { now: new Date(), subject: BOB }),
    ).toMatchObject({
      ok: false,
      error: "wrong_subject",
    });
    expect(
      await verifyOnline(
        rooms.reader,
        sodium,
        { ...attestation, issuer: "nowhere.example" },
        { now: new Date() },
      ),
    ).toMatchObject({
      ok: false,
      error: "not_found",
    });
    rooms.rooms.set("keyless.example", { keySet: { format: "something else" }, attestations: new Map() });
    expect(
      await attestationsFromIssuer(rooms.reader, sodium, "keyless.example", { now: new Date() }),
    ).toMatchObject({
      ok: false,
      error: "no_key_set",
    });
    expect(await verifyOnline(rooms.reader, sodium, { issuer: 5 }, { now: new Date() })).toMatchObject({
      ok: false,
      error: "malformed",
    });
  });

  it("notices when the room publishes a different attestation under the same ID", async () => {
    const attestation = await issue(ALICE);
    const other = await issue(BOB);
    rooms.rooms.get(ISSUER)?.attestations.set(attestation.id, other);
    expect(await verifyOnline(rooms.reader, sodium, attestation, { now: new Date() })).toMatchObject({
      ok: false,
      error: "not_published",
    });
  });
});
