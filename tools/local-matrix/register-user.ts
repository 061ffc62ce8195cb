import { createHmac } from "node:crypto";
import type { RunningHomeserver } from "./homeserver.ts";

export interface RegisteredUser {
  userId: string;
  accessToken: string;
  deviceId: string;
}

async function jsonOrThrow(response: Response, what: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} failed: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== "string") throw new Error(`register response lacks ${key}: ${JSON.stringify(body)}`);
  return value;
}

/**
 * Registers a user through the shared-secret admin API, which works even with
 * open registration off and needs no user-interactive auth.
 */
export async function registerUser(
  hs: Pick<RunningHomeserver, "clientUrl" | "sharedSecret">,
  user: { localpart: string; password: string; admin?: boolean },
): Promise<RegisteredUser> {
  const url = `${hs.clientUrl}/_synapse/admin/v1/register`;
  const { nonce } = await jsonOrThrow(await fetch(url), "register nonce");
  if (typeof nonce !== "string") throw new Error("register nonce missing");

  const admin = user.admin ?? false;
  const mac = createHmac("sha1", hs.sharedSecret)
    .update(`${nonce}\0${user.localpart}\0${user.password}\0${admin ? "admin" : "notadmin"}`)
    .digest("hex");

  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ nonce, username: user.localpart, password: user.password, admin, mac }),
  });
  const body = await jsonOrThrow(response, `register ${user.localpart}`);
  return {
    userId: stringField(body, "user_id"),
    accessToken: stringField(body, "access_token"),
    deviceId: stringField(body, "device_id"),
  };
}
