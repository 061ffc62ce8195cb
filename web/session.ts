import type { Context, MiddlewareHandler } from "hono";
import { SESSION_LIFETIME_MS } from "../bot/onboarding/sessions-store.ts";
import type { WebDeps } from "./context.ts";
import { clearCookie, readSignedCookie, writeSignedCookie } from "./signed-cookie.ts";

export const SESSION_COOKIE = "kindred_session";

/** Loads the signed-in member (if the signed cookie names a live session) into `c.var.member`. */
export function loadSession(deps: WebDeps): MiddlewareHandler {
  return async (c, next) => {
    const token = readSignedCookie(c, deps.cookieKey, SESSION_COOKIE);
    const member = token === undefined ? undefined : await deps.members.member(token, deps.now());
    c.set("member", member);
    c.set("sessionToken", member === undefined ? undefined : token);
    await next();
  };
}

export function startSessionCookie(c: Context, deps: WebDeps, token: string): void {
  writeSignedCookie(c, deps.cookieKey, SESSION_COOKIE, token, {
    secure: deps.secureCookies,
    sameSite: "Lax",
    maxAgeSeconds: SESSION_LIFETIME_MS / 1000,
  });
}

export function endSessionCookie(c: Context, deps: WebDeps): void {
  clearCookie(c, SESSION_COOKIE, deps.secureCookies);
}
