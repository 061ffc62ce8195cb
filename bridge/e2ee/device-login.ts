import type { UserId } from "../../bot/ids.ts";

export interface DeviceLogin {
  readonly deviceId: string;
  readonly accessToken: string;
}

/** Logs the bot's user in as a new device through the appservice (no password exists for it). */
export async function loginNewDevice(
  homeserverUrl: string,
  asToken: string,
  botUserId: UserId,
): Promise<DeviceLogin> {
  const response = await fetch(`${homeserverUrl}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { authorization: `Bearer ${asToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      type: "m.login.application_service",
      identifier: { type: "m.id.user", user: botUserId },
      initial_device_display_name: "Kindred bot",
    }),
  });
  const body = (await response.json()) as { device_id?: unknown; access_token?: unknown; error?: unknown };
  if (!response.ok || typeof body.device_id !== "string" || typeof body.access_token !== "string") {
    throw new Error(
      `the homeserver refused a device for ${botUserId}: HTTP ${response.status} ${String(body.error ?? "")}`,
    );
  }
  return { deviceId: body.device_id, accessToken: body.access_token };
}
