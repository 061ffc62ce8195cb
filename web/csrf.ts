import type { Context, MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { timingSafeEqual } from "node:crypto";
import type { WebDeps } from "./context.ts";
import { randomToken, readSignedCookie, writeSignedCookie } from "./signed-cookie.ts";

const CSRF_COOKIE = "kindred_csrf";
export const CSRF_FIELD = "_csrf";

/**
 * Two checks on every form post: the Origin must be ours (hono's csrf), and the form's hidden token must
 * equal the one in the visitor's signed, HTTP-only cookie (a site that can post cannot read it).
 */
export function csrfProtection(deps: WebDeps, origin: string): MiddlewareHandler[] {
  const verifyToken: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== "POST") return next();
    const expected = readSignedCookie(c, deps.cookieKey, CSRF_COOKIE);
    const body = await c.req.parseBody();
    const given = body[CSRF_FIELD];
    if (expected === undefined || typeof given !== "string" || !sameText(given, expected))
      throw new HTTPException(403, { message: "csrf" });
    await next();
  };
  return [csrf({ origin }), verifyToken];
}

/** The visitor's CSRF token, set in a cookie the first time a page with a form is shown. */
export function csrfToken(c: Context, deps: WebDeps): string {
  const existing = readSignedCookie(c, deps.cookieKey, CSRF_COOKIE);
  if (existing !== undefined) return existing;
  const token = randomToken();
  writeSignedCookie(c, deps.cookieKey, CSRF_COOKIE, token, {
    secure: deps.secureCookies,
    sameSite: "Strict",
    maxAgeSeconds: 24 * 60 * 60,
  });
  return token;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
