import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "../../bridge/guarded-https.ts";
import { FederationOpenIdUserInfo } from "../../bridge/openid-userinfo.ts";
import { parseServerName } from "../../bridge/server-discovery.ts";

/** A federation listener with a self-signed certificate, like the test homeservers'. */
function selfSignedServer(): Server {
  const dir = mkdtempSync(join(tmpdir(), "kindred-tls-"));
  execFileSync(
    "/usr/bin/openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  return createServer(
    { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
    (req, res) => {
      const url = new URL(req.url ?? "/", "https://localhost");
      const token = url.searchParams.get("access_token");
      if (url.pathname !== "/_matrix/federation/v1/openid/userinfo") return res.writeHead(404).end();
      if (token === "good")
        return res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ sub: "@ann:localhost" }));
      if (token === "huge") return res.writeHead(200).end("x".repeat(200_000));
      if (token === "slow") return setTimeout(() => res.writeHead(200).end("{}"), 2_000);
      if (token === "redirect") return res.writeHead(302, { location: "https://example.org/" }).end();
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ errcode: "M_UNKNOWN_TOKEN" }));
    },
  );
}

describe("checking an OpenID token over federation (bridge, real TLS on loopback)", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = selfSignedServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const testing = (
    overrides: Partial<{ allowPrivateAddresses: boolean; acceptInvalidCertificates: boolean }> = {},
  ) =>
    new FederationOpenIdUserInfo({
      allowPrivateAddresses: true,
      acceptInvalidCertificates: true,
      timeoutMs: 500,
      ...overrides,
    });

  it("returns the user a server vouches for (server name with an explicit port, used as it is)", async () => {
    expect(await testing().userInfo(`localhost:${port}`, "good")).toEqual({
      ok: true,
      value: "@ann:localhost",
    });
  });

  it.each([
    ["an unknown token", "forged", "invalid_token"],
    ["an oversized answer", "huge", "bad_answer"],
    ["a slow server", "slow", "unreachable"],
    ["a redirect", "redirect", "bad_answer"],
  ])("reports %s", async (_case, token, error) => {
    expect(await testing().userInfo(`127.0.0.1:${port}`, token)).toMatchObject({ ok: false, error });
  });

  it("refuses loopback addresses, before and after DNS, unless config allows them", async () => {
    const strict = testing({ allowPrivateAddresses: false });
    expect(await strict.userInfo(`127.0.0.1:${port}`, "good")).toMatchObject({ error: "refused_address" });
    expect(await strict.userInfo(`localhost:${port}`, "good")).toMatchObject({ error: "refused_address" });
    expect(await strict.userInfo(`[::1]:${port}`, "good")).toMatchObject({ error: "refused_address" });
  });

  it("refuses a self-signed certificate unless test config accepts it", async () => {
    expect(
      await testing({ acceptInvalidCertificates: false }).userInfo(`localhost:${port}`, "good"),
    ).toMatchObject({
      error: "unreachable",
    });
  });

  it("reports a server nobody answers for as unreachable", async () => {
    expect(await testing().userInfo("127.0.0.1:1", "good")).toMatchObject({ error: "unreachable" });
    expect(await testing().userInfo("not a server", "good")).toMatchObject({ error: "unreachable" });
  });
});

describe("server names and addresses", () => {
  it.each([
    ["example.org", { host: "example.org", port: undefined }],
    ["example.org:8448", { host: "example.org", port: 8448 }],
    ["1.2.3.4:80", { host: "1.2.3.4", port: 80 }],
    ["[::1]:8448", { host: "[::1]", port: 8448 }],
    ["exa mple.org", undefined],
    ["example.org:99999", undefined],
    ["user@example.org", undefined],
  ])("parses %j", (name, expected) => {
    expect(parseServerName(name)).toEqual(expected);
  });

  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.20.0.1", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["::1", true],
    ["fd00::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["8.8.8.8", false],
    ["2001:4860:4860::8888", false],
  ])("knows whether %s is private", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
