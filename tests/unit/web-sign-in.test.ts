import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { err } from "../../bot/result.ts";
import { webHarness, type TestVisitor, type WebHarness } from "../support/web-harness.ts";

const ANN = "@ann:hs.test";

describe("sign in with Matrix (routes, fake homeserver)", () => {
  let h: WebHarness;
  let visitor: TestVisitor;

  beforeEach(async () => {
    h = await webHarness();
    visitor = h.visitor();
    await visitor.get("/sign-in");
  });
  afterEach(() => h.close());

  const count = async (table: "members" | "web_sessions" | "signin_codes" | "outbox") =>
    Number(
      (
        await h.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const outboxBodies = async () =>
    (await h.database.db.selectFrom("outbox").select("payload_json").execute()).map(
      (r) => (JSON.parse(r.payload_json) as { body: string }).body,
    );
  const latestCode = async () => /\b(\d{8})\b/.exec((await outboxBodies()).at(-1) ?? "")?.[1] ?? "";

  it("shows both ways to sign in, with the OpenID form hidden until its script runs", async () => {
    const html = visitor.lastHtml;
    expect(html).toContain('id="openid-form"');
    expect(html).toMatch(/<form id="openid-form"[^>]* hidden/);
    expect(html).toContain('src="/assets/openid-sign-in.js"');
    expect(html).toContain("Send me a code");
    // The password input has no name: it is never posted to Kindred.
    expect(html).toMatch(/<input type="password" id="openid-password"(?![^>]*name=)[^>]*>/);
  });

  it.each([
    "alice",
    "@alice",
    "@:hs.test",
    "@al ice:hs.test",
    "@alice:",
    "@alice:hs test",
    `@${"a".repeat(300)}:hs.test`,
  ])("refuses the malformed Matrix ID %j with a clear message and stores nothing", async (userId) => {
    const response = await visitor.post("/sign-in/code", { user_id: userId });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("That is not a Matrix ID");
    expect(await count("signin_codes")).toBe(0);
    expect(await count("outbox")).toBe(0);
  });

  describe("with a code by DM", () => {
    it("sends a code through the bot's DM, keeps only its hash, and signs in with it once", async () => {
      const sent = await visitor.post("/sign-in/code", { user_id: ANN });
      expect(sent.status).toBe(200);
      expect(await sent.text()).toContain("Enter your code");
      expect(h.outbox.wakes).toBe(1);
      const code = await latestCode();
      expect(code).toMatch(/^\d{8}$/);
      const stored = await h.database.db.selectFrom("signin_codes").selectAll().executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(code);

      const signedIn = await visitor.post("/sign-in/code/verify", { user_id: ANN, code });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get("location")).toBe("/orientation");
      expect(visitor.cookies.has("kindred_session")).toBe(true);
      // The delivered message no longer holds the code once it is used.
      expect((await outboxBodies()).join()).not.toContain(code);

      const again = await h.visitor();
      await again.get("/sign-in");
      const reused = await again.post("/sign-in/code/verify", { user_id: ANN, code });
      expect(reused.status).toBe(400);
      expect(await reused.text()).toContain("There is no code waiting");
      expect(await count("web_sessions")).toBe(1);
    });

    it("refuses an expired code", async () => {
      await visitor.post("/sign-in/code", { user_id: ANN });
      const code = await latestCode();
      h.clock.now = new Date(h.clock.now.getTime() + 16 * 60 * 1000);
      const response = await visitor.post("/sign-in/code/verify", { user_id: ANN, code });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("That code has expired");
      expect(await count("members")).toBe(0);
    });

    it("limits wrong attempts: after five, even the right code is refused", async () => {
      await visitor.post("/sign-in/code", { user_id: ANN });
      const code = await latestCode();
      const wrong = code === "00000000" ? "11111111" : "00000000";
      for (let i = 0; i < 4; i++) {
        const response = await visitor.post("/sign-in/code/verify", { user_id: ANN, code: wrong });
        expect(await response.text()).toContain("That code is not right");
      }
      expect(
        await (await visitor.post("/sign-in/code/verify", { user_id: ANN, code: wrong })).text(),
      ).toContain("Too many wrong codes");
      const right = await visitor.post("/sign-in/code/verify", { user_id: ANN, code });
      expect(right.status).toBe(400);
      expect(await right.text()).toContain("Too many wrong codes");
      expect(await count("members")).toBe(0);
    });

    it("refuses a code that is not 8 digits without spending an attempt", async () => {
      await visitor.post("/sign-in/code", { user_id: ANN });
      const response = await visitor.post("/sign-in/code/verify", { user_id: ANN, code: "<script>" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("8 digits");
      const row = await h.database.db.selectFrom("signin_codes").select("attempts").executeTakeFirstOrThrow();
      expect(row.attempts).toBe(0);
    });

    it("rate-limits code requests for one Matrix ID", async () => {
      for (let i = 0; i < 3; i++)
        expect((await visitor.post("/sign-in/code", { user_id: ANN })).status).toBe(200);
      const limited = await visitor.post("/sign-in/code", { user_id: ANN });
      expect(limited.status).toBe(429);
      expect(await limited.text()).toContain("Too many attempts");
      expect(await count("signin_codes")).toBe(3);
    });

    it("a new code replaces the old one, and the old message is erased", async () => {
      await visitor.post("/sign-in/code", { user_id: ANN });
      const first = await latestCode();
      await visitor.post("/sign-in/code", { user_id: ANN });
      expect((await outboxBodies()).filter((b) => b.includes(first))).toHaveLength(0);
      const response = await visitor.post("/sign-in/code/verify", { user_id: ANN, code: first });
      expect(response.status).toBe(400);
    });
  });

  describe("with OpenID", () => {
    const post = (fields: Record<string, string>) =>
      visitor.post("/sign-in/openid", {
        user_id: ANN,
        access_token: "tok-1",
        matrix_server_name: "hs.test",
        ...fields,
      });

    it("accepts a token the issuing server vouches for, once", async () => {
      h.openId.issue("tok-1", ANN);
      const response = await post({});
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/orientation");
      expect(h.openId.asked).toEqual([{ serverName: "hs.test", token: "tok-1" }]);
      expect(await count("members")).toBe(1);

      const replay = h.visitor();
      await replay.get("/sign-in");
      const again = await replay.post("/sign-in/openid", {
        user_id: ANN,
        access_token: "tok-1",
        matrix_server_name: "hs.test",
      });
      expect(again.status).toBe(400);
      expect(await again.text()).toContain("already used");
      expect(h.openId.asked).toHaveLength(1);
    });

    it.each([
      ["a forged token", () => undefined, {}, "did not confirm who you are"],
      [
        "a token for another user",
        (h: WebHarness) => h.openId.issue("tok-1", "@bob:hs.test"),
        {},
        "says you are someone else",
      ],
      [
        "a server answering for a user on another server",
        (h: WebHarness) => h.openId.issue("tok-1", "@ann:evil.test"),
        {},
        "vouched for an account on another server",
      ],
      [
        "a claimed ID on another server than the issuer",
        (h: WebHarness) => h.openId.issue("tok-1", ANN),
        { matrix_server_name: "other.test" },
        "not on the homeserver that signed you in",
      ],
      [
        "an unreachable homeserver",
        (h: WebHarness) => h.openId.tokens.set("tok-1", err("unreachable", "connection refused")),
        {},
        "could not reach your homeserver",
      ],
      [
        "a homeserver on a private address",
        (h: WebHarness) => h.openId.tokens.set("tok-1", err("refused_address", "10.0.0.1")),
        {},
        "cannot contact that homeserver",
      ],
      ["a malformed token", () => undefined, { access_token: "a b<c>" }, "did not confirm who you are"],
      ["a malformed Matrix ID", () => undefined, { user_id: "ann@hs.test" }, "That is not a Matrix ID"],
    ] as const)(
      "refuses %s with a clear message and stores no member",
      async (_case, arrange, fields, message) => {
        arrange(h);
        const response = await post(fields);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(await response.text()).toContain(message);
        expect(await count("members")).toBe(0);
        expect(await count("web_sessions")).toBe(0);
        expect(visitor.cookies.has("kindred_session")).toBe(false);
      },
    );
  });
});
