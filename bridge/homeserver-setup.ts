import { randomUUID } from "node:crypto";
import type { MatrixClient } from "@vector-im/matrix-bot-sdk";
import type { Logger } from "../bot/logger.ts";
import type { UserId } from "../bot/ids.ts";
import { attempt } from "./matrix-errors.ts";

const INSTANCE_MARKER = "org.kindred.homeserver_instance";

/** Waits for the homeserver to answer, saying so in the log, for as long as it takes (or until aborted). */
export async function waitForHomeserver(
  client: MatrixClient,
  logger: Logger,
  signal?: AbortSignal,
): Promise<void> {
  let delayMs = 500;
  for (;;) {
    const outcome = await attempt(() => client.doRequest("GET", "/_matrix/client/versions"));
    if (outcome.ok) return;
    logger.warn("homeserver not reachable yet; retrying", {
      homeserver: client.homeserverUrl,
      reason: outcome.message,
      retryInMs: delayMs,
    });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (signal?.aborted === true) throw new Error(`homeserver ${client.homeserverUrl} did not answer`);
    delayMs = Math.min(delayMs * 2, 30_000);
  }
}

/** Registers the bot's user through the appservice; an existing user is fine. */
export async function registerBotUser(client: MatrixClient, localpart: string): Promise<void> {
  const outcome = await attempt(() =>
    client.doRequest("POST", "/_matrix/client/v3/register", null, {
      type: "m.login.application_service",
      username: localpart,
      inhibit_login: true,
    }),
  );
  if (outcome.ok || outcome.message.startsWith("M_USER_IN_USE")) return;
  throw new Error(`could not register the bot user @${localpart}: ${outcome.message}`);
}

/**
 * An ID for the homeserver's database, kept in the bot's account data. A homeserver started on a fresh
 * database numbers its transactions from 1 again and has no marker, so its txnIds get a new scope.
 */
export async function homeserverInstance(client: MatrixClient, botUserId: UserId): Promise<string> {
  const path = `/_matrix/client/v3/user/${encodeURIComponent(botUserId)}/account_data/${INSTANCE_MARKER}`;
  const existing = await attempt(() => client.doRequest("GET", path) as Promise<unknown>);
  if (existing.ok) {
    const id: unknown = (existing.value as { id?: unknown } | null)?.id;
    if (typeof id === "string" && id.length > 0) return id;
  } else if (existing.error !== "not_found") {
    throw new Error(`could not read the homeserver instance marker: ${existing.message}`);
  }
  const id = randomUUID();
  const stored = await attempt(() => client.doRequest("PUT", path, null, { id }));
  if (!stored.ok) throw new Error(`could not store the homeserver instance marker: ${stored.message}`);
  return id;
}

export async function setDisplayName(client: MatrixClient, name: string, logger: Logger): Promise<void> {
  const outcome = await attempt(() => client.setDisplayName(name));
  if (!outcome.ok) logger.warn("could not set the bot's display name", { reason: outcome.message });
}

/** Asks the homeserver to ping us, which also makes it retry transactions it queued while we were down. */
export async function pingFromHomeserver(
  client: MatrixClient,
  appserviceId: string,
  logger: Logger,
): Promise<void> {
  const path = `/_matrix/client/v1/appservice/${encodeURIComponent(appserviceId)}/ping`;
  const outcome = await attempt(() => client.doRequest("POST", path, null, { transaction_id: randomUUID() }));
  if (outcome.ok) {
    logger.info("homeserver reached the appservice", {
      roundTripMs: (outcome.value as { duration_ms?: number }).duration_ms,
    });
  } else {
    logger.error(
      "the homeserver cannot reach Kindred's appservice URL: check `url` in the registration file",
      {
        reason: outcome.message,
      },
    );
  }
}
