import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newMember, type KindredUnderTest } from "../support/kindred-under-test.ts";
import { CryptoMember } from "../support/crypto-member.ts";
import type { TestMember } from "../support/matrix-member.ts";
import { realVisitor, startWebKindred } from "../support/web-kindred.ts";

async function openIdToken(
  member: TestMember,
): Promise<{ access_token: string; matrix_server_name: string }> {
  return member.request(
    "POST",
    `/_matrix/client/v3/user/${encodeURIComponent(member.userId)}/openid/request_token`,
    {},
  );
}

describe("sign in with Matrix against real homeservers", () => {
  const matrix = inject("matrix");
  let kindred: KindredUnderTest;

  beforeAll(async () => {
    kindred = await startWebKindred(matrix);
  });
  afterAll(async () => {
    await kindred.running.stop();
  });

  it("signs in a member of hs2 with an OpenID token checked over federation, once", async () => {
    const olive = await newMember(matrix.hs2, "olive");
    const token = await openIdToken(olive);
    expect(token.matrix_server_name).toBe(matrix.hs2.serverName);
    const visitor = realVisitor(kindred);
    await visitor.get("/sign-in");
    const fields = { user_id: olive.userId, ...token };
    const response = await visitor.post("/sign-in/openid", fields);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/orientation");

    const replay = realVisitor(kindred);
    await replay.get("/sign-in");
    const again = await replay.post("/sign-in/openid", fields);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already used");
  });

  it("refuses a token of another member, and a forged token, from the real homeserver", async () => {
    const [pat, quinn] = await Promise.all([newMember(matrix.hs2, "pat"), newMember(matrix.hs2, "quinn")]);
    const visitor = realVisitor(kindred);
    await visitor.get("/sign-in");
    const other = await visitor.post("/sign-in/openid", {
      user_id: pat.userId,
      ...(await openIdToken(quinn)),
    });
    expect(other.status).toBe(400);
    expect(await other.text()).toContain("says you are someone else");
    const forged = await visitor.post("/sign-in/openid", {
      user_id: pat.userId,
      access_token: "forged-token-123",
      matrix_server_name: matrix.hs2.serverName,
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("did not confirm who you are");
  });

  it("signs in a member of hs1 with a code the bot sends by DM", async () => {
    const rae = await CryptoMember.create(matrix.hs1, "rae");
    const visitor = realVisitor(kindred);
    await visitor.get("/sign-in");
    expect((await visitor.post("/sign-in/code", { user_id: rae.userId })).status).toBe(200);
    const room = await rae.acceptInviteFrom(kindred.botUserId, 60_000);
    const message = await rae.waitForMessage(room, kindred.botUserId, "sign-in code", 60_000);
    rae.stop();
    const code = /\b(\d{8})\b/.exec(message.body)?.[1] ?? "";
    const response = await visitor.post("/sign-in/code/verify", { user_id: rae.userId, code });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/orientation");
  });
});
