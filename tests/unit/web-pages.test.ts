import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webHarness, type WebHarness } from "../support/web-harness.ts";

describe("web pages and their protections (routes)", () => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness();
  });
  afterEach(() => h.close());

  it("shows the community's name, purpose, values, guidelines and what peer support is not", async () => {
    const response = await h.visitor().get("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    for (const text of [
      "Welcome to Carers Together",
      "Peer support for people caring for a family member.",
      "We listen more than we advise.",
      "Share your own experience.",
      "It is not therapy, medical advice or an emergency service.",
    ])
      expect(html).toContain(text);
  });

  it.each([
    ["a chosen country", "/?country=gb", {}, "Samaritans"],
    ["the browser's language region", "/", { "accept-language": "en-GB,en;q=0.8" }, "Samaritans"],
    ["a country without its own list", "/?country=FR", {}, "Emergency services"],
    ["no country at all", "/", {}, "Emergency services"],
  ])("shows crisis resources for %s", async (_case, path, headers, expected) => {
    expect(await (await h.visitor().get(path, headers)).text()).toContain(expected);
  });

  it("sends security headers and a strict content-security policy on every page", async () => {
    for (const path of ["/", "/sign-in", "/nowhere", "/assets/style.css"]) {
      const response = await h.visitor().get(path);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
  });

  it("keeps cookies HTTP-only, SameSite and signed", async () => {
    const visitor = h.visitor();
    const response = await visitor.get("/sign-in");
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("kindred_csrf=")) ?? "";
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    // A tampered cookie is as good as none.
    visitor.cookies.set("kindred_csrf", `${visitor.csrf ?? ""}.AAAA`);
    expect((await visitor.post("/sign-in/code", { user_id: "@ann:hs.test" })).status).toBe(403);
  });

  it.each([
    ["no CSRF token", { csrf: null }],
    ["a wrong CSRF token", { csrf: "not-the-token" }],
    ["another site's origin", { origin: "https://evil.example" }],
  ])("refuses a form post with %s and does nothing", async (_case, options) => {
    const visitor = h.visitor();
    await visitor.get("/sign-in");
    const response = await visitor.post("/sign-in/code", { user_id: "@ann:hs.test" }, options);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("This form has expired or came from another site");
    expect(await h.database.db.selectFrom("signin_codes").selectAll().execute()).toHaveLength(0);
  });

  it("refuses an oversized post", async () => {
    const visitor = h.visitor();
    await visitor.get("/sign-in");
    const response = await visitor.post("/sign-in/code", {
      user_id: "@ann:hs.test",
      padding: "x".repeat(70_000),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("too large");
  });

  it("answers unknown pages with a 404 page in the layout", async () => {
    const response = await h.visitor().get("/nowhere");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("This page does not exist.");
    expect(html).toContain('<a class="skip" href="#main">');
  });

  it("serves its stylesheet and scripts from its own origin", async () => {
    const css = await h.visitor().get("/assets/style.css");
    expect(css.headers.get("content-type")).toContain("text/css");
    const js = await h.visitor().get("/assets/openid-sign-in.js");
    expect(js.headers.get("content-type")).toContain("text/javascript");
    expect(await js.text()).toContain("/openid/request_token");
  });
});
