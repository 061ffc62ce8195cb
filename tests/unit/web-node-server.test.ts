import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TestVisitor, WEB_ORIGIN, webHarness, type WebHarness } from "../support/web-harness.ts";

/**
 * Served by @hono/node-server, the app reads cookies and sets its fixed headers on the Node request and
 * response themselves (web/node-http.ts); `app.request()` takes hono's way. Both must answer alike.
 */
describe("the web app behind a real HTTP server", () => {
  let h: WebHarness;
  let server: ServerType;
  let port = 0;
  beforeEach(async () => {
    h = await webHarness();
    await new Promise<void>((resolve) => {
      server = serve({ fetch: h.app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
        port = info.port;
        resolve();
      });
    });
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  const overHttp = () =>
    new TestVisitor((url, init) =>
      fetch(url.replace(WEB_ORIGIN, `http://127.0.0.1:${port}`), { ...init, redirect: "manual" }),
    );
  // Apart from what differs by nature: the per-response date, the connection, and fresh CSRF tokens.
  const headersOf = (response: Response) =>
    [...response.headers]
      .filter(([name]) => !["date", "connection", "keep-alive", "content-length"].includes(name))
      .map(([name, value]) => [name, name === "set-cookie" ? value.replace(/=[^;]*/, "=…") : value]);
  const bodyOf = async (response: Response) =>
    (await response.text()).replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="…"');

  it("sends the same headers and bytes as in-process, security headers included", async () => {
    for (const path of ["/", "/sign-in", "/nowhere", "/assets/style.css", "/health"]) {
      const [wire, local] = [await overHttp().get(path), await h.visitor().get(path)];
      expect(wire.status, path).toBe(local.status);
      expect(headersOf(wire), path).toEqual(headersOf(local));
      expect(await bodyOf(wire), path).toBe(await bodyOf(local));
    }
    const landing = await overHttp().get("/", { "accept-language": "en-GB" });
    expect(await landing.text()).toContain("Samaritans");
  });

  it("signs a member in and keeps them signed in by their cookies", async () => {
    const visitor = overHttp();
    await visitor.get("/sign-in");
    h.openId.issue("tok", "@ann:hs.test");
    const signIn = await visitor.post("/sign-in/openid", {
      user_id: "@ann:hs.test",
      access_token: "tok",
      matrix_server_name: "hs.test",
    });
    expect(signIn.headers.get("location")).toBe("/orientation");
    expect(signIn.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect((await visitor.get("/orientation")).status).toBe(200);
    expect((await visitor.post("/orientation", { consent: ["confidentiality@1", "ai@1"] })).status).toBe(303);
    const profile = await visitor.get("/profile");
    expect(profile.status).toBe(200);
    expect(profile.headers.get("cache-control")).toBe("no-store");
    expect(await profile.text()).toContain('href="/sign-out"');
  });
});
