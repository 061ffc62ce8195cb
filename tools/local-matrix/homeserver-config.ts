import { writeFile } from "node:fs/promises";
import { stringify } from "yaml";
import type { HomeserverPaths } from "./paths.ts";
import { relaxedRateLimits } from "./rate-limits.ts";

export interface ConfigInput {
  paths: HomeserverPaths;
  serverName: string;
  federationPort: number;
  clientPort: number;
  sharedSecret: string;
  appserviceRegistrationFiles: string[];
  openRegistration: boolean;
  ssoProviders: readonly SsoProviderConfig[];
}

/** An OpenID Connect identity provider a homeserver offers for single sign-on (Synapse's `oidc_providers`). */
export interface SsoProviderConfig {
  /** Synapse lists it to clients as `oidc-<idpId>`. */
  readonly idpId: string;
  readonly idpName: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Where the identity provider sends people back to a homeserver listening on `clientPort`. */
export const ssoCallbackUrl = (clientPort: number): string =>
  `http://127.0.0.1:${clientPort}/_synapse/client/oidc/callback`;

function oidcProviders(providers: readonly SsoProviderConfig[]): object {
  if (providers.length === 0) return {};
  return {
    oidc_providers: providers.map((p) => ({
      idp_id: p.idpId,
      idp_name: p.idpName,
      issuer: p.issuer,
      client_id: p.clientId,
      client_secret: p.clientSecret,
      scopes: ["openid", "profile"],
      // Synapse's metadata checks insist on an https issuer; a loopback test issuer is plain http.
      skip_verification: p.issuer.startsWith("http:"),
      pkce_method: "auto",
      user_mapping_provider: {
        config: {
          localpart_template: "{{ user.preferred_username }}",
          display_name_template: "{{ user.name }}",
        },
      },
    })),
  };
}

/** Python logging config: INFO to a plain (unbuffered) file so failures are readable at once. */
function logConfig(logPath: string): object {
  return {
    version: 1,
    formatters: {
      precise: { format: "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s" },
    },
    handlers: {
      file: { class: "logging.FileHandler", formatter: "precise", filename: logPath, encoding: "utf8" },
    },
    loggers: { "synapse.storage.SQL": { level: "INFO" } },
    root: { level: "INFO", handlers: ["file"] },
    disable_existing_loggers: false,
  };
}

/** Synapse config for a loopback-only homeserver federating over self-signed TLS. */
export function homeserverConfig(input: ConfigInput): object {
  const { paths } = input;
  return {
    server_name: input.serverName,
    public_baseurl: `http://127.0.0.1:${input.clientPort}/`,
    pid_file: paths.pidFile,
    listeners: [
      {
        port: input.federationPort,
        type: "http",
        tls: true,
        bind_addresses: ["127.0.0.1"],
        resources: [{ names: ["federation"], compress: false }],
      },
      {
        port: input.clientPort,
        type: "http",
        tls: false,
        bind_addresses: ["127.0.0.1"],
        x_forwarded: false,
        resources: [{ names: ["client"], compress: false }],
      },
    ],
    database: { name: "sqlite3", args: { database: paths.database } },
    log_config: paths.logConfig,
    media_store_path: paths.mediaStore,
    signing_key_path: paths.signingKey,
    tls_certificate_path: paths.tlsCert,
    tls_private_key_path: paths.tlsKey,
    // Peers present self-signed certs; there is no CA to check them against.
    federation_verify_certificates: false,
    // Never reach out to matrix.org for keys: everything stays on loopback.
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    // Loopback is blocked for outbound federation by default; allow it.
    ip_range_whitelist: ["127.0.0.0/8", "::1/128"],
    // Short backoff so a peer that was briefly down is retried within seconds.
    federation: {
      destination_min_retry_interval: "1s",
      destination_max_retry_interval: "5s",
      destination_retry_multiplier: 1.5,
      client_timeout: "20s",
    },
    report_stats: false,
    enable_metrics: false,
    presence: { enabled: false },
    url_preview_enabled: false,
    bcrypt_rounds: 4,
    registration_shared_secret: input.sharedSecret,
    enable_registration: input.openRegistration,
    enable_registration_without_verification: input.openRegistration,
    app_service_config_files: input.appserviceRegistrationFiles,
    ...relaxedRateLimits,
    ...oidcProviders(input.ssoProviders),
  };
}

/** Rewritten on every start: ports and appservices may differ between runs. */
export async function writeHomeserverConfig(input: ConfigInput): Promise<void> {
  await writeFile(input.paths.logConfig, stringify(logConfig(input.paths.log)));
  await writeFile(input.paths.config, stringify(homeserverConfig(input)));
}
