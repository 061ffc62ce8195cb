import { createHash, createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type RunningOidcProvider } from "../../tools/local-matrix/index.ts";

const CALLBACK = "http://127.0.0.1:9/_synapse/client/oidc/callback";
const VERIFIER = "a-code-verifier-that-is-long-enough-for-pkce-0123456789";
const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");
const BASIC = `Basic ${Buffer.from("hs:the secret").toString("base64")}`;

/** The test identity provider homeservers use for single sign-on: it must refuse what a real one refuses. */
describe("test OpenID Connect identity provider", () => {
  let idp: RunningOidcProvider;
  beforeAll(async () => {
    idp = await startOidcProvider({
      name: "Test ID",
      clientId: "hs",
      clientSecret: "the secret",
      redirectUris: [CALLBACK],
    });
  });
  afterAll(() => idp.stop());

  const authorizeQuery = (overrides: Record<string, string> = {}) =>
    new URLSearchParams({
      response_type: "code",
      client_id: "hs",
      redirect_uri: CALLBACK,
      scope: "openid profile",
      state: "st",
      nonce: "n0",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
      ...overrides,
    });

  /** What the authorize page's form posts; returns where the browser is sent. */
  const decide = async (fields: Record<string, string>) => {
    const response = await fetch(`${idp.issuer}authorize`, {
      method: "POST",
      body: new URLSearchParams({ ...Object.fromEntries(authorizeQuery()), ...fields }),
      redirect: "manual",
    });
    return { status: response.status, location: new URL(response.headers.get("location") ?? "http://none/") };
  };
  const token = (fields: Record<string, string>, authorization = BASIC) =>
    fetch(`${idp.issuer}token`, {
      method: "POST",
      headers: { authorization },
      body: new URLSearchParams({ grant_type: "authorization_code", redirect_uri: CALLBACK, ...fields }),
    });

  it("publishes its endpoints, PKCE S256 and RS256 keys", async () => {
    const discovery = (await (await fetch(`${idp.issuer}.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery["issuer"]).toBe(idp.issuer);
    expect(discovery["code_challenge_methods_supported"]).toEqual(["S256"]);
    expect(discovery["token_endpoint"]).toBe(`${idp.issuer}token`);
  });

  it("shows a sign-in form for a valid request, with the request's values escaped", async () => {
    const response = await fetch(
      `${idp.issuer}authorize?${authorizeQuery({ state: '"><script>' }).toString()}`,
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Sign in as this user");
    expect(html).not.toContain('"><script>');
  });

  it.each([
    ["an unknown client", { client_id: "other" }],
    ["an unregistered redirect", { redirect_uri: "http://evil.test/cb" }],
    ["no PKCE", { code_challenge: "" }],
    ["plain PKCE", { code_challenge_method: "plain" }],
    ["no state", { state: "" }],
  ])("refuses an authorize request with %s", async (_label, overrides) => {
    const response = await fetch(`${idp.issuer}authorize?${authorizeQuery(overrides).toString()}`);
    expect(response.status).toBe(400);
  });

  it("cancelling sends the browser back with access_denied", async () => {
    const { status, location } = await decide({ action: "cancel" });
    expect(status).toBe(303);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st");
  });

  it("a code gives one signed ID token and userinfo, once, to the right client with the right verifier", async () => {
    const { location } = await decide({ action: "approve", username: "Sage" });
    const code = location.searchParams.get("code") ?? "";
    expect(location.origin + location.pathname).toBe(CALLBACK);

    expect((await token({ code, code_verifier: VERIFIER }, `Basic ${btoa("hs:wrong")}`)).status).toBe(401);
    const issued = await token({ code, code_verifier: VERIFIER });
    expect(issued.status).toBe(200);
    const body = (await issued.json()) as { id_token: string; access_token: string };

    const [header = "", payload = "", signature = ""] = body.id_token.split(".");
    const { keys } = (await (await fetch(`${idp.issuer}jwks`)).json()) as { keys: JsonWebKey[] };
    const key = createPublicKey({ key: keys[0] ?? {}, format: "jwk" });
    expect(
      verify("sha256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url")),
    ).toBe(true);
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: "hs",
      sub: "sage",
      nonce: "n0",
      preferred_username: "sage",
    });

    const info = await fetch(`${idp.issuer}userinfo`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(await info.json()).toMatchObject({ sub: "sage", name: "Sage" });
    expect((await token({ code, code_verifier: VERIFIER })).status).toBe(400); // used
  });

  it("refuses a code with the wrong PKCE verifier, and then the code is spent", async () => {
    const { location } = await decide({ action: "approve", username: "ash" });
    const code = location.searchParams.get("code") ?? "";
    const wrong = await token({ code, code_verifier: "x".repeat(50) });
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    expect((await token({ code, code_verifier: VERIFIER })).status).toBe(400);
  });

  it("refuses usernames it cannot map to a Matrix localpart, and unknown access tokens", async () => {
    expect((await decide({ action: "approve", username: "not valid!" })).status).toBe(400);
    const info = await fetch(`${idp.issuer}userinfo`, { headers: { authorization: "Bearer nope" } });
    expect(info.status).toBe(401);
  });
});
