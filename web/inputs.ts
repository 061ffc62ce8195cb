import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { parseUserId, type UserId } from "../bot/ids.ts";

// A Matrix ID as people type it: @localpart:server, the server a DNS name, IPv4 or [IPv6], optionally :port.
const USER_ID = /^@[^\s:]{1,200}:(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,230})(:\d{1,5})?$/;
const SERVER_NAME = /^(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,230})(:\d{1,5})?$/;
const OPENID_TOKEN = /^[A-Za-z0-9._~+/=-]{1,512}$/;

export function decodeUserId(input: string | undefined): UserId | undefined {
  const text = (input ?? "").trim();
  return USER_ID.test(text) ? parseUserId(text) : undefined;
}

export function decodeCode(input: string | undefined): string | undefined {
  const digits = (input ?? "").replace(/[\s-]/g, "");
  return /^\d{8}$/.test(digits) ? digits : undefined;
}

export function decodeOpenIdToken(input: string | undefined): string | undefined {
  return input !== undefined && OPENID_TOKEN.test(input) ? input : undefined;
}

export function decodeServerName(input: string | undefined): string | undefined {
  return input !== undefined && SERVER_NAME.test(input) ? input : undefined;
}

/** The client's address for rate limits; requests made in-process (tests) have none. */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "in-process";
  }
}
