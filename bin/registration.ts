import { randomBytes } from "node:crypto";
import { stringify } from "yaml";

export interface RegistrationOptions {
  /** Where the homeserver reaches Kindred's appservice listener. */
  readonly url: string;
  readonly serverName: string;
  readonly id?: string;
  readonly senderLocalpart?: string;
}

/** A fresh appservice registration with random tokens, as the homeserver's `app_service_config_files` expects. */
export function registrationYaml(options: RegistrationOptions): string {
  const localpart = options.senderLocalpart ?? "kindred";
  const server = escapeRegex(options.serverName);
  return stringify({
    id: options.id ?? "kindred",
    url: options.url,
    as_token: randomBytes(32).toString("base64url"),
    hs_token: randomBytes(32).toString("base64url"),
    sender_localpart: localpart,
    rate_limited: false,
    namespaces: {
      users: [
        { exclusive: true, regex: `@${escapeRegex(localpart)}:${server}` },
        { exclusive: true, regex: `@kindred_.*:${server}` },
      ],
      aliases: [],
      rooms: [],
    },
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
