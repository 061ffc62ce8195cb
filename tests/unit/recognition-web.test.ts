import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureSigningKey } from "../../bot/attestations/signing-keys.ts";
import { deriveKey } from "../../bot/crypto/master-key.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { findMemberByUserId } from "../../bot/onboarding/members-store.ts";
import { recordPublishConsent } from "../../bot/recognition/consent-store.ts";
import { issueInTransaction } from "../../bot/recognition/publishing.ts";
import { grantRole } from "../../bot/recognition/roles-store.ts";
import type { RecognitionSettings } from "../../bot/recognition/settings.ts";
import { recordThankYou } from "../../bot/recognition/thanks-store.ts";
import { TEST_THRESHOLDS, present } from "../support/recognition-fixtures.ts";
import { TEST_CONSENTS } from "../support/web-members.ts";
import { webHarness, type TestVisitor, type WebHarness } from "../support/web-harness.ts";

const ANN = "@ann:hs.test" as UserId;
const CLAIMS = {
  role: "mentor",
  support_pairings_completed: 12,
  circles_hosted: 2,
  training_completed: true,
} as const;

describe("recognition on the web (routes)", () => {
  let h: WebHarness;
  let settings: RecognitionSettings;
  beforeEach(async () => {
    h = await webHarness();
    const { sodium } = await loadSodium();
    const vault = { sodium, sealingKey: deriveKey(sodium, h.masterKey, "signing-keys") };
    await ensureSigningKey(h.database.db, vault, new Date("2026-01-01T00:00:00Z"));
    settings = {
      issuer: "community.test",
      thresholds: TEST_THRESHOLDS,
      vault,
      validityMs: 365 * 86_400_000,
      trustedIssuers: [],
      recheckAfterMs: 3_600_000,
    };
  });
  afterEach(() => h.close());

  const signedIn = async (): Promise<TestVisitor> => {
    const visitor = h.visitor();
    await visitor.get("/sign-in");
    h.openId.issue("token-ann", ANN);
    const response = await visitor.post("/sign-in/openid", {
      user_id: ANN,
      access_token: "token-ann",
      matrix_server_name: "hs.test",
    });
    expect(response.status).toBe(303);
    return visitor;
  };
  const publicJson = async (path: string) => {
    const response = await h.app.request(`http://kindred.test${path}`, {
      headers: { origin: "https://elsewhere.example" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(response.headers.get("set-cookie")).toBeNull();
    return {
      status: response.status,
      cache: response.headers.get("cache-control"),
      body: (await response.json()) as Record<string, unknown>,
    };
  };
  const issueForAnn = async () => {
    const issued = await issueInTransaction(h.database.db, settings, ANN, CLAIMS, h.clock.now);
    if (!issued.ok) throw new Error(issued.message);
  };

  it("serves the community's public keys under /.well-known/kindred/, cacheable from any origin", async () => {
    const keys = await publicJson("/.well-known/kindred/keys.json");
    expect(keys.status).toBe(200);
    expect(keys.cache).toBe("public, max-age=300");
    expect(keys.body).toMatchObject({ format: "org.kindred.attestation.keys.v1", issuer: "community.test" });
    expect(Object.keys(keys.body["keys"] as object)).toHaveLength(1);
    const preflight = await h.app.request("http://kindred.test/.well-known/kindred/keys.json", {
      method: "OPTIONS",
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("GET");
  });

  it("serves a member's attestations at a stable URL only while they consent", async () => {
    await signedIn();
    const path = `/attestations/${encodeURIComponent(ANN)}`;
    await issueForAnn(); // issued, but Ann has not said yes: nothing is served
    expect((await publicJson(path)).body).toEqual({
      issuer: "community.test",
      subject: ANN,
      attestations: [],
    });
    const member = await findMemberByUserId(h.database.db, ANN);
    await recordPublishConsent(h.database.db, present(member).id, true, h.clock.now);
    const served = await publicJson(path);
    expect(served.status).toBe(200);
    expect(served.body["attestations"]).toEqual([expect.objectContaining({ subject: ANN, claims: CLAIMS })]);
    // The unescaped form works too, and someone unknown looks exactly like someone who publishes nothing.
    expect((await publicJson(`/attestations/${ANN}`)).body["attestations"]).toHaveLength(1);
    expect((await publicJson("/attestations/@nobody:hs.test")).body["attestations"]).toEqual([]);
    expect((await publicJson("/attestations/not-a-user")).status).toBe(400);
  });

  it("withdrawing on the Recognition page unpublishes at once (outbox) and stops serving", async () => {
    const visitor = await signedIn();
    await visitor.get("/recognition");
    expect(visitor.lastHtml).toContain("Not published.");
    expect((await visitor.post("/recognition/publish", { publish: "on" })).status).toBe(200);
    expect(visitor.lastHtml).toContain("Withdraw what is published");
    await issueForAnn();
    expect((await publicJson(`/attestations/${ANN}`)).body["attestations"]).toHaveLength(1);
    await visitor.post("/recognition/publish", { publish: "off" });
    expect(visitor.lastHtml).toContain("nothing about you is published any more");
    expect((await publicJson(`/attestations/${ANN}`)).body["attestations"]).toEqual([]);
    const outbox = await h.database.db.selectFrom("outbox").select("kind").execute();
    expect(outbox.map((r) => r.kind)).toContain("publish_withdrawal");
  });

  it("shows badges with their issuer and thank-yous as a count, to the member only", async () => {
    expect((await h.visitor().get("/recognition")).status).toBe(303);
    const visitor = await signedIn();
    const member = present(await findMemberByUserId(h.database.db, ANN));
    await grantRole(
      h.database.db,
      { memberId: member.id, role: "peer_supporter", source: "evidence" },
      h.clock.now,
    );
    await grantRole(
      h.database.db,
      {
        memberId: member.id,
        role: "mentor",
        source: "attestation",
        issuer: "carers.example",
        attestationId: "A".repeat(22),
      },
      h.clock.now,
    );
    const peer = await h.database.db
      .insertInto("members")
      .values({
        id: "peer-1",
        user_id: "@bo:hs.test",
        created_at: "2026-01-01T00:00:00Z",
        onboarded_at: null,
      })
      .execute();
    expect(peer).toBeDefined();
    await recordThankYou(
      h.database.db,
      { pairingId: "p1", from: "peer-1" as typeof member.id, to: member.id },
      h.clock.now,
    );
    const page = await visitor.get("/recognition");
    expect(page.status).toBe(200);
    expect(visitor.lastHtml).toContain("Mentor</strong> · verified, recognised by carers.example");
    expect(visitor.lastHtml).toContain("Peer supporter</strong> · Carers Together");
    expect(visitor.lastHtml).toContain("1 thank-you<");
    // The profile page shows the same badges in one line, linking to the Recognition page.
    await visitor.get("/orientation");
    await visitor.post("/orientation", { consent: TEST_CONSENTS });
    expect((await visitor.get("/profile")).status).toBe(200);
    expect(visitor.lastHtml).toContain("Mentor (verified, recognised by carers.example) · Peer supporter");
  });
});
