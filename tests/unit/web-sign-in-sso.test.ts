import { Script } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webHarness, type TestVisitor, type WebHarness } from "../support/web-harness.ts";

const RETURN = "/sign-in/sso/return";
const LOGIN_TOKEN = "syl_SECRETloginTOKEN_0123456789";

describe("sign in with Matrix through the homeserver's single sign-on (routes)", () => {
  let h: WebHarness;
  let visitor: TestVisitor;

  beforeEach(async () => {
    h = await webHarness();
    visitor = h.visitor();
  });
  afterEach(() => h.close());

  it("the sign-in page holds the single sign-on part, hidden until the homeserver offers it", async () => {
    await visitor.get("/sign-in");
    const html = visitor.lastHtml;
    expect(html).toMatch(/<div id="sso-options" hidden/);
    expect(html).toContain('data-msg-sso-with="Continue with {provider}"');
    expect(html).toContain('data-msg-sso-generic="Continue with your homeserver&#39;s sign-in page"');
    expect(html).toMatch(/<p id="sso-incomplete"[^>]*role="alert"[^>]*hidden/);
  });

  it.each([
    ["sso_not_started", "did not start in this browser tab"],
    ["sso_no_token", "did not finish signing you in"],
    ["sso_refused", "did not accept that sign-in"],
    ["sso_unreachable", "could not reach your homeserver to finish"],
  ])("explains ?error=%s on the sign-in page and offers the code by DM", async (code, text) => {
    const response = await visitor.get(`/sign-in?error=${code}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(new RegExp(`<p class="notice error" role="alert">[^<]*${text}`));
    expect(html).toContain("Send me a code");
  });

  it.each([
    ["another kind of error", "invalid_token"],
    ["markup", "<script>alert(1)</script>"],
    ["a near miss", "sso_refused "],
    ["5,000 characters", "x".repeat(5000)],
    ["nothing", ""],
  ])("ignores an ?error= it does not know: %s", async (_label, code) => {
    const response = await visitor.get(`/sign-in?error=${encodeURIComponent(code)}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('<p class="notice error" role="alert">');
    expect(html).not.toContain("<script>alert");
  });

  it("serves the return page without the login token in it, uncached, with no referrer", async () => {
    const response = await visitor.get(`${RETURN}?state=abc&loginToken=${LOGIN_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).not.toContain(LOGIN_TOKEN);
    expect(html).toContain('<script src="/assets/sso-return.js" defer=""></script>');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/); // no inline script
    expect(html).toMatch(/<form id="sso-return-form" method="post" action="\/sign-in\/openid"[^>]* hidden/);
    expect(html).toContain("This step needs JavaScript");
    expect(JSON.stringify(h.logger.records)).not.toContain(LOGIN_TOKEN);
  });

  it.each([
    ["nothing", ""],
    ["an empty token", "?loginToken="],
    ["8,000 characters", `?loginToken=${"a".repeat(4000)}&state=${"b".repeat(4000)}`],
    ["markup", "?loginToken=%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
    ["an error", "?error=access_denied"],
  ])("serves the same page whatever the query holds: %s", async (_label, query) => {
    const plain = (await visitor.get(RETURN)).status;
    const response = await visitor.get(`${RETURN}${query}`);
    expect(response.status).toBe(plain);
    const html = await response.text();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("a".repeat(100));
  });

  it("a member arriving from another site (no CSRF cookie sent) gets one, and the form then signs in", async () => {
    expect(visitor.cookies.has("kindred_csrf")).toBe(false);
    await visitor.get(`${RETURN}?state=abc&loginToken=${LOGIN_TOKEN}`);
    expect(visitor.cookies.has("kindred_csrf")).toBe(true);
    h.openId.issue("openid-from-sso", "@sam:partner.test");
    const response = await visitor.post("/sign-in/openid", {
      user_id: "@sam:partner.test",
      access_token: "openid-from-sso",
      matrix_server_name: "partner.test",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/orientation");
    expect(h.openId.asked).toEqual([{ serverName: "partner.test", token: "openid-from-sso" }]);
  });

  it("the return page's form still needs the CSRF token: a post without it is refused", async () => {
    await visitor.get(RETURN);
    h.openId.issue("openid-from-sso", "@sam:partner.test");
    const response = await visitor.post(
      "/sign-in/openid",
      { user_id: "@sam:partner.test", access_token: "openid-from-sso", matrix_server_name: "partner.test" },
      { csrf: null },
    );
    expect(response.status).toBe(403);
    expect(h.openId.asked).toEqual([]);
  });

  it("serves the return script, which removes the token from the address bar before anything else", async () => {
    const response = await visitor.get("/assets/sso-return.js");
    expect(response.headers.get("content-type")).toContain("text/javascript");
    const script = await response.text();
    expect(() => new Script(script)).not.toThrow();
    const stripped = script.indexOf("history.replaceState(");
    expect(stripped).toBeGreaterThan(0);
    for (const later of ["fetch(", "sessionStorage", "getElementById"])
      expect(script.indexOf(later), later).toBeGreaterThan(stripped);
    expect(script).toContain('type: "m.login.token"');
    expect(script).toContain("/openid/request_token");
    expect(script).toContain("/_matrix/client/v3/logout");
  });

  it("the sign-in script is valid JavaScript and starts single sign-on at the homeserver", async () => {
    const script = await (await visitor.get("/assets/openid-sign-in.js")).text();
    expect(() => new Script(script)).not.toThrow();
    expect(script).toContain("/_matrix/client/v3/login/sso/redirect");
    expect(script).toContain("/sign-in/sso/return?state=");
  });
});
