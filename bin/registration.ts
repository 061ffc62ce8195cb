import { randomBytes } from "node:crypto";
import { stringify } from "yaml";

export interface RegistrationOptions {
  /** Where the homeserver reaches Kindred's appservice listener. */
  readonly url: string;
  readonly serverName: string;
  readonly id?: string;
  /** The bot's user (default `kindred`); the registration's sender is a separate, silent user. */
  readonly botLocalpart?: string;
}

/** A fresh appservice registration with random tokens, as the homeserver's `app_service_config_files` expects. */
export function registrationYaml(options: RegistrationOptions): string {
  const localpart = options.botLocalpart ?? "kindred";
  const server = escapeRegex(options.serverName);
  return stringify({
    id: options.id ?? "kindred",
    url: options.url,
    as_token: randomBytes(32).toString("base64url"),
    hs_token: randomBytes(32).toString("base64url"),
    // Synapse refuses /sync to an appservice's sender, and the bot's E2EE device needs /sync: the bot is a
    // namespace user of its own, and the sender only speaks the appservice API.
    sender_localpart: `${localpart}_appservice`,
    rate_limited: false,
    namespaces: {
      users: [
        { exclusive: true, regex: `@${escapeRegex(localpart)}:${server}` },
        { exclusive: true, regex: `@kindred_.*:${server}` },
      ],
      // Kindred's public rooms (e.g. #kindred_attestations): nobody else on the server may take these aliases.
      aliases: [{ exclusive: true, regex: `#kindred_.*:${server}` }],
      rooms: [],
    },
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
