import { mkdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { describeKey } from "../bot/attestations/describe.ts";
import { publishKeys } from "../bot/attestations/issuing.ts";
import { keySetOf } from "../bot/attestations/key-set.ts";
import { listSigningKeys, revokeSigningKey, rotateSigningKey } from "../bot/attestations/signing-keys.ts";
import { loadSodium } from "../bot/crypto/sodium.ts";
import { routeSdkLogs } from "../bridge/sdk-logging.ts";
import { connectDatabase, migrateToLatest } from "../schema/index.ts";
import { attestationWiring, type AttestationWiring } from "./attestation-setup.ts";
import { loadConfig, type KindredConfig } from "./config.ts";
import { consoleLogger } from "./console-logger.ts";
import { verifyFile, verifyUser } from "./verify-command.ts";

/** Where a command writes: stdout for results, stderr for warnings (tests pass their own). */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CommandIo = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

export interface CommandContext {
  readonly config: KindredConfig;
  readonly wiring: AttestationWiring;
  readonly io: CommandIo;
}

const COMMON = {
  config: { type: "string", short: "c" },
  offline: { type: "boolean", default: false },
} as const;

/** `kindred keys show|rotate|revoke`: exit 0 done, 1 refused, 2 usage or config error. */
export async function keysCommand(args: string[], io: CommandIo = processIo): Promise<number> {
  const [action, ...rest] = args;
  const parsed = parseOptions(io, () =>
    parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...COMMON, json: { type: "boolean", default: false }, from: { type: "string" } },
    }),
  );
  if (parsed === undefined) return 2;
  const { values, positionals } = parsed;
  if (action !== "show" && action !== "rotate" && action !== "revoke")
    return usage(io, "keys needs show, rotate or revoke");
  return withContext(values.config, io, async ({ config, wiring }) => {
    const { db } = wiring.issuing;
    const now = new Date();
    if (action === "rotate") {
      const rotated = await rotateSigningKey(db, wiring.vault, now);
      io.out(
        `Rotated: ed25519:${rotated.current} now signs; ${rotated.retired === undefined ? "there was no key before." : `ed25519:${rotated.retired} is retired and still verifies what it signed.`}`,
      );
    } else if (action === "revoke") {
      const keyId = positionals[0]?.replace(/^ed25519:/, "");
      const from = values.from === undefined ? now : new Date(values.from);
      if (keyId === undefined || Number.isNaN(from.getTime()))
        return usage(io, "keys revoke needs a key ID and, optionally, --from <ISO date> (default: now)");
      const revoked = await revokeSigningKey(db, wiring.vault, { keyId, from, now });
      if (!revoked.ok) {
        io.err(`kindred: ${revoked.message} (see kindred keys show)`);
        return 1;
      }
      io.out(
        `Revoked ed25519:${keyId}: attestations it signed from ${from.toISOString()} on no longer verify.`,
      );
      if (revoked.value.replacedBy !== undefined)
        io.out(`It was the current key: ed25519:${revoked.value.replacedBy} now signs.`);
    }
    const keys = await listSigningKeys(db);
    if (action === "show" && values.json)
      io.out(JSON.stringify(keySetOf(config.homeserver.serverName, keys), null, 2));
    else if (action === "show") {
      io.out(`Attestation signing keys of ${config.homeserver.serverName}:`);
      for (const key of keys) io.out(`  ${describeKey(key)}`);
    }
    if (action !== "show" && !values.offline) {
      const published = await publishKeys(wiring.issuing);
      io.out(
        published.ok
          ? "The public attestation room shows the new key set."
          : `Not published yet (${published.message}); Kindred publishes the key set when it next starts.`,
      );
    }
    return 0;
  });
}

/** `kindred verify <file|@user>`: exit 0 valid (from a trusted issuer), 1 not, 2 usage or config error. */
export async function verifyCommand(args: string[], io: CommandIo = processIo): Promise<number> {
  const parsed = parseOptions(io, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { ...COMMON, keys: { type: "string" }, subject: { type: "string" }, at: { type: "string" } },
    }),
  );
  if (parsed === undefined) return 2;
  const { values, positionals } = parsed;
  const target = positionals[0];
  const now = values.at === undefined ? new Date() : new Date(values.at);
  if (target === undefined || Number.isNaN(now.getTime()))
    return usage(
      io,
      "verify needs a file or a @user:server, and optionally --keys FILE --subject @user --at DATE",
    );
  let keysJson: unknown;
  if (values.keys !== undefined) {
    const read = readJson(values.keys);
    if (!read.ok) return usage(io, `cannot read the key set: ${read.message}`);
    keysJson = read.value;
  }
  return withContext(values.config, io, (context) =>
    target.startsWith("@")
      ? verifyUser(context, target, now)
      : verifyFile(context, { file: target, keysJson, subject: values.subject, now }),
  );
}

export async function withContext(
  configPath: string | undefined,
  io: CommandIo,
  run: (context: CommandContext) => Promise<number>,
): Promise<number> {
  const loaded = loadConfig(configPath ?? process.env["KINDRED_CONFIG"] ?? "kindred.yaml");
  if (!loaded.ok) {
    io.err(`kindred: ${loaded.message}`);
    return 2;
  }
  const config = loaded.value;
  mkdirSync(config.dataDir, { recursive: true });
  const { sodium, usingWasm } = await loadSodium();
  if (!usingWasm)
    io.err(
      "kindred: WARNING: libsodium fell back to asm.js (WebAssembly failed to load): signing is 16–27× slower.",
    );
  const database = connectDatabase(config.databaseUrl);
  try {
    const migrated = await migrateToLatest(database);
    if (!migrated.ok) throw new Error(`database migration ${migrated.failed} failed: ${migrated.message}`);
    const logger = consoleLogger("error", (line) => io.err(line.trimEnd()));
    routeSdkLogs(logger); // the SDK's own request logs stay out of the command's output
    return await run({ config, wiring: attestationWiring(config, database.db, sodium, logger), io });
  } finally {
    await database.close();
  }
}

/** An unknown or malformed option is a usage error (exit 2), not a crash. */
export function parseOptions<T>(io: CommandIo, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    usage(io, error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

export function usage(io: CommandIo, message: string): number {
  io.err(`kindred: ${message}`);
  return 2;
}

export function readJson(file: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(readFileSync(file, "utf8")) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
