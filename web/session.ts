import type { Context } from "hono";
import { SESSION_LIFETIME_MS } from "../bot/onboarding/sessions-store.ts";
import type { WebDeps } from "./context.ts";
import { andThen } from "./recent-values.ts";
import { clearCookie, readSignedCookie, writeSignedCookie } from "./signed-cookie.ts";

export const SESSION_COOKIE = "kindred_session";

/**
 * Puts the signed-in member (if the signed cookie names a live session) into `c.var.member`. Pages run it
 * first; it returns a promise only when the session must be read from the database.
 */
export function loadSession(deps: WebDeps): (c: Context) => Promise<void> | undefined {
  return (c) => {
    const token = readSignedCookie(c, deps.cookieKey, SESSION_COOKIE);
    c.set("member", undefined);
    c.set("sessionToken", undefined);
    if (token === undefined) return undefined;
    const found = andThen(deps.members.member(token, deps.now()), (member) => {
      c.set("member", member);
      c.set("sessionToken", member === undefined ? undefined : token);
    });
    return found instanceof Promise ? found : undefined;
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
