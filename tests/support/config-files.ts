import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";

export const TEST_REGISTRATION = {
  id: "kindred",
  url: "http://127.0.0.1:9000",
  as_token: "as-token-0123456789abcdef",
  hs_token: "hs-token-0123456789abcdef",
  sender_localpart: "kindred_appservice",
  namespaces: { users: [{ exclusive: true, regex: "@kindred.*" }] },
};

export const VALID_CONFIG = {
  homeserver: { url: "http://127.0.0.1:8008", server_name: "localhost:8481" },
  appservice: { registration: "registration.yaml", port: 9000 },
  community: { name: "Test Community" },
  secrets: { master_key: "q2VmRqDDsU6+Y0uFgq8dA5Hc8x1lB9XQ0tj3rWn0mYc=" },
};

/** Writes a config (and a registration beside it) into a fresh directory; returns the config's path. */
export function writeConfig(config: unknown, registration: unknown = TEST_REGISTRATION): string {
  const dir = mkdtempSync(join(tmpdir(), "kindred-config-"));
  writeFileSync(join(dir, "registration.yaml"), stringify(registration));
  const file = join(dir, "kindred.yaml");
  writeFileSync(file, typeof config === "string" ? config : stringify(config));
  return file;
}
