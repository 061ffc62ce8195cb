import { Hono, type Context } from "hono";
import { keySetOf } from "../../bot/attestations/key-set.ts";
import { listSigningKeys } from "../../bot/attestations/signing-keys.ts";
import { parseUserId } from "../../bot/ids.ts";
import { publishedAttestationsOf } from "../../bot/recognition/public-attestations.ts";
import type { WebDeps } from "../context.ts";

/** Where other communities (and anyone) fetch this community's public keys: docs/PROTOCOL.md. */
export const KEYS_PATH = "/.well-known/kindred/keys.json";
export const ATTESTATIONS_PATH = "/attestations/";

const PUBLIC_HEADERS = [
  ["Access-Control-Allow-Origin", "*"],
  ["Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"],
  ["Cross-Origin-Resource-Policy", "cross-origin"],
  ["Cache-Control", "public, max-age=300"],
] as const;

/**
 * Public, read-only JSON for other communities and verifiers: no session, no cookies, readable from any origin
 * and cacheable for five minutes. Registered before the page middleware (which marks pages no-store).
 */
export function recognitionPublicRoutes(
  deps: Pick<WebDeps, "db" | "now"> & { readonly issuer: string },
): Hono {
  const app = new Hono();
  const json = (c: Context, body: unknown, status: 200 | 400 = 200) => {
    for (const [name, value] of PUBLIC_HEADERS) c.header(name, value);
    return c.json(body, status);
  };
  const preflight = (c: Context) => {
    for (const [name, value] of PUBLIC_HEADERS) c.header(name, value);
    c.header("Access-Control-Max-Age", "86400");
    return c.body(null, 204);
  };

  app.get(KEYS_PATH, async (c) => json(c, keySetOf(deps.issuer, await listSigningKeys(deps.db))));
  app.options(KEYS_PATH, preflight);

  app.get(`${ATTESTATIONS_PATH}:userId`, async (c) => {
    const userId = parseUserId(c.req.param("userId"));
    if (userId === undefined)
      return json(
        c,
        { errcode: "M_INVALID_PARAM", error: "expected a Matrix user ID, e.g. @alice:example.org" },
        400,
      );
    // A visitor learns the same from "not a member" and "publishes nothing": membership stays private.
    const attestations = await publishedAttestationsOf(deps.db, userId, deps.now());
    return json(c, { issuer: deps.issuer, subject: userId, attestations });
  });
  app.options(`${ATTESTATIONS_PATH}:userId`, preflight);
  return app;
}
