import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  sign,
  timingSafeEqual,
  type KeyObject,
} from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authorizePage, type AuthorizeRequest } from "./oidc-pages.ts";

/**
 * A small OpenID Connect identity provider on loopback, for homeservers' SSO in tests and local development:
 * discovery, an authorize page where a person types who they are, the token endpoint (authorization code +
 * PKCE S256, client secret by Basic auth or form), RS256-signed ID tokens with their JWKS, and userinfo.
 * Anyone who types a username is that user: it is a stand-in for a community's real identity provider.
 */
export interface OidcProviderOptions {
  /** Shown on the authorize page. */
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The only redirect URIs codes are sent to (a homeserver's `/_synapse/client/oidc/callback`). */
  readonly redirectUris: readonly string[];
  /** 0 (the default) lets the system pick a free port. */
  readonly port?: number;
}

export interface RunningOidcProvider {
  /** `http://127.0.0.1:<port>/`: the issuer, and the base of every endpoint. */
  readonly issuer: string;
  stop(): Promise<void>;
}

interface Grant {
  readonly request: AuthorizeRequest;
  readonly username: string;
  readonly expiresAt: number;
}

const CODE_LIFETIME_MS = 60_000;
const TOKEN_LIFETIME_S = 300;
const USERNAME = /^[a-z0-9._=-]{1,64}$/;
const MAX_BODY = 16 * 1024;

export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyId = randomBytes(8).toString("hex");
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, { username: string; expiresAt: number }>();
  let issuer = "";

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { error: "server_error", error_description: String(error) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", issuer);
    const route = `${req.method ?? "GET"} ${url.pathname}`;
    if (route === "GET /.well-known/openid-configuration") return send(res, 200, discovery(issuer));
    if (route === "GET /jwks")
      return send(res, 200, {
        keys: [{ ...publicKey.export({ format: "jwk" }), kid: keyId, alg: "RS256", use: "sig" }],
      });
    if (route === "GET /authorize") return authorize(url.searchParams, res);
    if (route === "POST /authorize") return decide(new URLSearchParams(await readBody(req)), res);
    if (route === "POST /token") return token(req, new URLSearchParams(await readBody(req)), res);
    if (route === "GET /userinfo") return userinfo(req, res);
    send(res, 404, { error: "not_found" });
  }

  function authorize(query: URLSearchParams, res: ServerResponse): void {
    const request = authorizeRequest(query);
    if (typeof request === "string")
      return sendHtml(res, 400, `<p>Bad authorization request: ${request}</p>`);
    sendHtml(res, 200, authorizePage(options.name, request));
  }

  function decide(form: URLSearchParams, res: ServerResponse): void {
    const request = authorizeRequest(form);
    if (typeof request === "string")
      return sendHtml(res, 400, `<p>Bad authorization request: ${request}</p>`);
    const back = new URL(request.redirectUri);
    back.searchParams.set("state", request.state);
    const username = (form.get("username") ?? "").trim().toLowerCase();
    if (form.get("action") === "cancel") {
      back.searchParams.set("error", "access_denied");
    } else if (!USERNAME.test(username)) {
      return sendHtml(
        res,
        400,
        authorizePage(options.name, request, "Usernames are lower-case letters and digits."),
      );
    } else {
      const code = randomBytes(24).toString("base64url");
      codes.set(code, { request, username, expiresAt: Date.now() + CODE_LIFETIME_MS });
      back.searchParams.set("code", code);
    }
    res.writeHead(303, { location: back.toString(), "cache-control": "no-store" }).end();
  }

  function authorizeRequest(params: URLSearchParams): AuthorizeRequest | string {
    const redirectUri = params.get("redirect_uri") ?? "";
    if (params.get("client_id") !== options.clientId) return "unknown client_id";
    if (!options.redirectUris.includes(redirectUri)) return "redirect_uri not registered";
    if (params.get("response_type") !== "code") return "response_type must be code";
    const challenge = params.get("code_challenge") ?? "";
    if (params.get("code_challenge_method") !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return "PKCE with S256 is required";
    const state = params.get("state") ?? "";
    if (state === "") return "state is required";
    return {
      redirectUri,
      state,
      nonce: params.get("nonce") ?? "",
      codeChallenge: challenge,
      scope: params.get("scope") ?? "",
      clientId: options.clientId,
    };
  }

  function token(req: IncomingMessage, form: URLSearchParams, res: ServerResponse): void {
    if (!clientAuthenticated(req, form)) return send(res, 401, { error: "invalid_client" });
    if (form.get("grant_type") !== "authorization_code")
      return send(res, 400, { error: "unsupported_grant_type" });
    const code = form.get("code") ?? "";
    const grant = codes.get(code);
    codes.delete(code); // used once, whatever happens next
    if (grant === undefined || grant.expiresAt < Date.now())
      return send(res, 400, { error: "invalid_grant" });
    if (form.get("redirect_uri") !== grant.request.redirectUri)
      return send(res, 400, { error: "invalid_grant", error_description: "redirect_uri differs" });
    const verifier = form.get("code_verifier") ?? "";
    if (createHash("sha256").update(verifier).digest("base64url") !== grant.request.codeChallenge)
      return send(res, 400, { error: "invalid_grant", error_description: "PKCE verifier does not match" });
    const accessToken = randomBytes(24).toString("base64url");
    accessTokens.set(accessToken, {
      username: grant.username,
      expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000,
    });
    const now = Math.floor(Date.now() / 1000);
    const idToken = jwt(privateKey, keyId, {
      iss: issuer,
      sub: grant.username,
      aud: options.clientId,
      iat: now,
      exp: now + TOKEN_LIFETIME_S,
      auth_time: now,
      ...(grant.request.nonce === "" ? {} : { nonce: grant.request.nonce }),
      ...claims(grant.username),
    });
    send(res, 200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_S,
      id_token: idToken,
      scope: grant.request.scope,
    });
  }

  function userinfo(req: IncomingMessage, res: ServerResponse): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const known = accessTokens.get(bearer);
    if (known === undefined || known.expiresAt < Date.now())
      return send(res, 401, { error: "invalid_token" });
    send(res, 200, { sub: known.username, ...claims(known.username) });
  }

  function clientAuthenticated(req: IncomingMessage, form: URLSearchParams): boolean {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    let id = form.get("client_id") ?? "";
    let secret = form.get("client_secret") ?? "";
    if (basic !== undefined) {
      const decoded = Buffer.from(basic, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      // RFC 6749 §2.3.1: both parts are form-urlencoded before joining.
      id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
    }
    return id === options.clientId && sameText(secret, options.clientSecret);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function discovery(issuer: string): object {
  return {
    issuer,
    authorization_endpoint: `${issuer}authorize`,
    token_endpoint: `${issuer}token`,
    userinfo_endpoint: `${issuer}userinfo`,
    jwks_uri: `${issuer}jwks`,
    response_types_supported: ["code"],
    grant_types_supported: ["authorization_code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "profile"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    code_challenge_methods_supported: ["S256"],
    claims_supported: ["sub", "name", "preferred_username"],
  };
}

/** The profile claims of a user: the username, and a display name made from it. */
function claims(username: string): { preferred_username: string; name: string } {
  return { preferred_username: username, name: username.charAt(0).toUpperCase() + username.slice(1) };
}

function jwt(key: KeyObject, keyId: string, payload: object): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const signingInput = `${encode({ alg: "RS256", typ: "JWT", kid: keyId })}.${encode(payload)}`;
  return `${signingInput}.${sign("sha256", Buffer.from(signingInput), key).toString("base64url")}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_BODY) throw new Error("request body too large");
  }
  return body;
}

function send(res: ServerResponse, status: number, body: object): void {
  res
    .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
    .end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res
    .writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
    .end(html);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
