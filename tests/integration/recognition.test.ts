import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyOnline } from "../../bot/attestations/reading.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { mentorCapacities } from "../../bot/match-flow/roles-store.ts";
import { findMemberByUserId, findOrCreateMember, type Member } from "../../bot/onboarding/members-store.ts";
import { publishedAttestationsOf } from "../../bot/recognition/public-attestations.ts";
import { keysCommand } from "../../bin/attestation-commands.ts";
import { trainingCommand } from "../../bin/training-command.ts";
import type { TestMember } from "../support/matrix-member.ts";
import {
  newMember,
  printLogsOfFailedTests,
  startTestKindred,
  type KindredUnderTest,
} from "../support/kindred-under-test.ts";
import { endedPairing, present } from "../support/recognition-fixtures.ts";

const FEDERATION_MS = 90_000;
const THRESHOLDS = {
  peer_supporter: { pairings: 1 },
  mentor: { pairings: 2, circles: 0, positive_feedback_percent: 50, training: true },
};

describe("recognition earned on hs1 is verified and used on hs2 (real Synapse ×2)", async () => {
  const matrix = inject("matrix");
  const { sodium } = await loadSodium();
  let hs1: KindredUnderTest;
  let hs2: KindredUnderTest;
  let alice: TestMember;
  let dmOnHs1: string;
  let dmOnHs2: string;

  printLogsOfFailedTests(() => hs2);
  printLogsOfFailedTests(() => hs1);

  beforeAll(async () => {
    hs1 = await startTestKindred(matrix, { config: { recognition: THRESHOLDS } });
    hs2 = await startTestKindred(matrix, {
      on: "hs2",
      config: { attestations: { trusted_issuers: [matrix.hs1.serverName] }, recognition: THRESHOLDS },
    });
    alice = await newMember(matrix.hs1, "alice");
    dmOnHs1 = await alice.createDirectRoom(hs1.botUserId);
    await alice.waitForMembership(dmOnHs1, hs1.botUserId, "join");
  });
  afterAll(async () => {
    await hs2?.running.stop();
    await hs1?.running.stop();
  });

  it("hs1: evidence and recorded training make Alice a mentor, announced by DM; with consent it is published", async () => {
    const db = hs1.running.database.db;
    const now = new Date();
    const member = await findOrCreateMember(db, alice.userId as UserId, now); // as signing in on the web does
    const peers: Member[] = [];
    for (const name of ["bo", "cy"])
      peers.push(await findOrCreateMember(db, `@${name}:${matrix.hs1.serverName}` as UserId, now));
    for (const peer of peers)
      await endedPairing(
        db,
        "pair",
        [
          [member, "helped"],
          [peer, "helped"],
        ],
        now,
      );

    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(
      await trainingCommand(["record", alice.userId, "Peer mentoring", "--config", hs1.config.file], io),
    ).toBe(0);
    expect(out.join("\n")).toContain("Recorded");

    await alice.waitForNotice(dmOnHs1, hs1.botUserId, "now recognises you as a mentor", FEDERATION_MS);
    await alice.sendText(dmOnHs1, "recognition on");
    await alice.waitForNotice(dmOnHs1, hs1.botUserId, "published as signed attestations");

    const served = await fetch(
      `${hs1.running.webUrl.replace(/\/$/, "")}/attestations/${encodeURIComponent(alice.userId)}`,
    );
    expect(served.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await served.json()) as { attestations: { claims: { role: string } }[] };
    expect(body.attestations.map((a) => a.claims.role)).toEqual(["mentor"]);
    const keys = await fetch(`${hs1.running.webUrl.replace(/\/$/, "")}/.well-known/kindred/keys.json`);
    expect(await keys.json()).toMatchObject({ issuer: matrix.hs1.serverName });
  });

  it("hs2 reads it over federation when Alice arrives, verifies it, offers the mentor role and grants it", async () => {
    dmOnHs2 = await alice.createDirectRoom(hs2.botUserId);
    await alice.waitForMembership(dmOnHs2, hs2.botUserId, "join", FEDERATION_MS);
    await alice.waitForNotice(
      dmOnHs2,
      hs2.botUserId,
      `${matrix.hs1.serverName} recognises you as a mentor`,
      FEDERATION_MS,
    );
    await alice.sendText(dmOnHs2, "recognition accept");
    await alice.waitForNotice(dmOnHs2, hs2.botUserId, "Welcome, mentor!", FEDERATION_MS);

    const db = hs2.running.database.db;
    const member = await findMemberByUserId(db, alice.userId as UserId);
    if (member === undefined) throw new Error("hs2 should know Alice as a member now");
    const role = await db
      .selectFrom("member_roles")
      .selectAll()
      .where("member_id", "=", member.id)
      .executeTakeFirstOrThrow();
    expect(role).toMatchObject({
      role: "mentor",
      source: "attestation",
      issuer: matrix.hs1.serverName,
      revoked_at: null,
    });
    expect((await mentorCapacities(db)).has(member.id)).toBe(true); // matching counts her as a mentor
    await alice.sendText(dmOnHs2, "recognition");
    await alice.waitForNotice(
      dmOnHs2,
      hs2.botUserId,
      `mentor — verified, recognised by ${matrix.hs1.serverName}`,
    );
  });

  it("after Alice withdraws on hs1, hs2's next check rejects the attestation and ends the role", async () => {
    const [published] = await publishedAttestationsOf(
      hs1.running.database.db,
      alice.userId as UserId,
      new Date(),
    );
    if (published === undefined) throw new Error("hs1 should publish Alice's attestation");
    await alice.sendText(dmOnHs1, "recognition off");
    await alice.waitForNotice(dmOnHs1, hs1.botUserId, "has been withdrawn");
    // hs2 sees the withdrawal once federation has delivered it to its copy of hs1's room.
    const verdict = async () => {
      const result = await verifyOnline(hs2.running.attestations.reader, sodium, published, {
        now: new Date(),
      });
      return result.ok ? "valid" : result.error;
    };
    await expect.poll(verdict, { timeout: FEDERATION_MS, interval: 500 }).toBe("withdrawn");

    await alice.sendText(dmOnHs2, "recognition check");
    await alice.waitForNotice(dmOnHs2, hs2.botUserId, "has ended", FEDERATION_MS);
    const member = await findMemberByUserId(hs2.running.database.db, alice.userId as UserId);
    const role = await hs2.running.database.db
      .selectFrom("member_roles")
      .selectAll()
      .where("member_id", "=", present(member).id)
      .executeTakeFirstOrThrow();
    expect(role.revoked_at).not.toBeNull();
    expect((await mentorCapacities(hs2.running.database.db)).has(present(member).id)).toBe(false);
  });

  it("after hs1 revokes its signing key, hs2 ends the role; hs1 re-signs with its new key and hs2 offers it again", async () => {
    const noticesWith = (room: string, text: string) =>
      alice.seen.filter((e) => e.roomId === room && String(e.content["body"]).includes(text)).length;
    const offered = `${matrix.hs1.serverName} recognises you as a mentor`;
    // Alice publishes again and takes the role on hs2 again.
    await alice.sendText(dmOnHs1, "recognition on");
    await alice.waitUntil(
      "a second consent answer",
      () => noticesWith(dmOnHs1, "published as signed attestations") >= 2,
    );
    const [current] = await publishedAttestationsOf(
      hs1.running.database.db,
      alice.userId as UserId,
      new Date(),
    );
    if (current === undefined) throw new Error("hs1 should publish Alice's attestation again");
    const hs2Verdict = async (attestation: typeof current) => {
      const result = await verifyOnline(hs2.running.attestations.reader, sodium, attestation, {
        now: new Date(),
      });
      return result.ok ? "valid" : result.error;
    };
    await expect.poll(() => hs2Verdict(current), { timeout: FEDERATION_MS, interval: 500 }).toBe("valid");
    await alice.sendText(dmOnHs2, "recognition check");
    await alice.waitUntil("a second offer", () => noticesWith(dmOnHs2, offered) >= 2, FEDERATION_MS);
    await alice.sendText(dmOnHs2, "recognition accept");
    await alice.waitUntil(
      "a second welcome",
      () => noticesWith(dmOnHs2, "Welcome, mentor!") >= 2,
      FEDERATION_MS,
    );

    // hs1's operator revokes the key that signed it (it may have leaked), from before it signed.
    const keyId =
      Object.keys(current.signatures[matrix.hs1.serverName] ?? {})[0]?.replace("ed25519:", "") ?? "";
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    const from = new Date(current.issued_at - 1000).toISOString();
    expect(await keysCommand(["revoke", keyId, "--from", from, "--config", hs1.config.file], io)).toBe(0);
    expect(out.join("\n")).toContain("shows the new key set");
    await expect
      .poll(() => hs2Verdict(current), { timeout: FEDERATION_MS, interval: 500 })
      .toBe("key_revoked");
    await alice.sendText(dmOnHs2, "recognition check");
    await alice.waitUntil("a second ending", () => noticesWith(dmOnHs2, "has ended") >= 2, FEDERATION_MS);

    // hs1's next sweep re-signs Alice's attestation with its new current key; hs2 verifies and offers it again.
    await expect
      .poll(
        async () =>
          (await publishedAttestationsOf(hs1.running.database.db, alice.userId as UserId, new Date()))[0]
            ?.id ?? current.id,
        { timeout: FEDERATION_MS, interval: 500 },
      )
      .not.toBe(current.id);
    const [renewed] = await publishedAttestationsOf(
      hs1.running.database.db,
      alice.userId as UserId,
      new Date(),
    );
    if (renewed === undefined) throw new Error("hs1 should publish a re-signed attestation");
    await expect.poll(() => hs2Verdict(renewed), { timeout: FEDERATION_MS, interval: 500 }).toBe("valid");
    await alice.sendText(dmOnHs2, "recognition check");
    await alice.waitUntil("a third offer", () => noticesWith(dmOnHs2, offered) >= 3, FEDERATION_MS);
  });
});
