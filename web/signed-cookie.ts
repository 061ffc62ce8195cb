import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { requestHeader } from "./node-http.ts";
import { RecentValues } from "./recent-values.ts";

/**
 * Cookies signed with HMAC-SHA-256 (key derived from the master key for "web-sessions"). Node's synchronous
 * HMAC rather than hono's Web Crypto helper: it costs a few microseconds, not a key import per request.
 */
function signature(key: Uint8Array, name: string, value: string): Buffer {
  return createHmac("sha256", key).update(`${name}=${value}`).digest();
}

/**
 * Cookies that passed the check lately, by their exact signed text (so a hit proves what checking again
 * would): pages read one or two signed cookies on every view, and the same ones over and over.
 */
const verified = new WeakMap<Uint8Array, RecentValues<string, string>>();

export function readSignedCookie(c: Context, key: Uint8Array, name: string): string | undefined {
  const header = requestHeader(c, "cookie");
  const raw = header === undefined ? undefined : cookieValue(header, name);
  if (raw === undefined) return undefined;
  let recent = verified.get(key);
  if (recent === undefined) verified.set(key, (recent = new RecentValues(60_000, 10_000)));
  const signed = `${name}=${raw}`;
  const known = recent.peek(signed);
  if (known !== undefined) return known.value;
  const dot = raw.lastIndexOf(".");
  if (dot < 1) return undefined;
  const value = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1), "base64url");
  const expected = signature(key, name, value);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  recent.remember(signed, value);
  return value;
}

/**
 * The value of the first cookie called `name` in a Cookie header, as sent (signed values need no decoding:
 * one that was altered on the way fails its check). A plain search: hono's `parse` splits and checks every
 * cookie in the header, and pages read two of them on every view.
 */
export function cookieValue(header: string, name: string): string | undefined {
  for (let at = header.indexOf(name); at !== -1; at = header.indexOf(name, at + 1)) {
    let before = at - 1;
    while (before >= 0 && (header[before] === " " || header[before] === "\t")) before -= 1;
    if (before >= 0 && header[before] !== ";") continue; // the end of another cookie's name or value
    let equals = at + name.length;
    while (header[equals] === " " || header[equals] === "\t") equals += 1;
    if (header[equals] !== "=") continue;
    const end = header.indexOf(";", equals);
    return header.slice(equals + 1, end === -1 ? header.length : end).trim();
  }
  return undefined;
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
