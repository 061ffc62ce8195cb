import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/**
 * Cookies signed with HMAC-SHA-256 (key derived from the master key for "web-sessions"). Node's synchronous
 * HMAC rather than hono's Web Crypto helper: it costs a few microseconds, not a key import per request.
 */
function signature(key: Uint8Array, name: string, value: string): Buffer {
  return createHmac("sha256", key).update(`${name}=${value}`).digest();
}

export function readSignedCookie(c: Context, key: Uint8Array, name: string): string | undefined {
  const raw = getCookie(c, name);
  if (raw === undefined) return undefined;
  const dot = raw.lastIndexOf(".");
  if (dot < 1) return undefined;
  const value = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1), "base64url");
  const expected = signature(key, name, value);
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
}

export interface CookieSettings {
  readonly secure: boolean;
  readonly maxAgeSeconds: number;
  readonly sameSite: "Lax" | "Strict";
}

export function writeSignedCookie(
  c: Context,
  key: Uint8Array,
  name: string,
  value: string,
  settings: CookieSettings,
): void {
  setCookie(c, name, `${value}.${signature(key, name, value).toString("base64url")}`, {
    httpOnly: true,
    secure: settings.secure,
    sameSite: settings.sameSite,
    path: "/",
    maxAge: settings.maxAgeSeconds,
  });
}

export function clearCookie(c: Context, name: string, secure: boolean): void {
  deleteCookie(c, name, { path: "/", secure, httpOnly: true });
}

export const randomToken = (): string => randomBytes(24).toString("base64url");
