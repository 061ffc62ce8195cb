import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import type { HomeserverPaths } from "./paths.ts";
import { runChecked } from "./run-command.ts";

/**
 * Creates the data dir's long-lived secrets once and reuses them afterwards,
 * so a restarted dev homeserver keeps its identity, users and rooms.
 */
export async function ensureSharedSecret(paths: HomeserverPaths): Promise<string> {
  await mkdir(paths.mediaStore, { recursive: true });
  if (existsSync(paths.sharedSecret)) {
    const existing = (await readFile(paths.sharedSecret, "utf8")).trim();
    if (existing !== "") return existing;
  }
  const secret = randomBytes(32).toString("hex");
  await writeFile(paths.sharedSecret, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Self-signed cert for the TLS federation listener (peers don't verify it). */
export async function ensureTlsCert(paths: HomeserverPaths): Promise<void> {
  if (existsSync(paths.tlsCert) && existsSync(paths.tlsKey)) return;
  await runChecked("/usr/bin/openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "3650",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout",
    paths.tlsKey,
    "-out",
    paths.tlsCert,
  ]);
}

/** Signing key via Synapse itself; needs homeserver.yaml written first. */
export async function ensureSigningKey(python: string, paths: HomeserverPaths): Promise<void> {
  if (existsSync(paths.signingKey)) return;
  await runChecked(
    python,
    ["-m", "synapse.app.homeserver", "-c", paths.config, "--generate-keys"],
    paths.dir,
  );
}
