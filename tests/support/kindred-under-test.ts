import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { stringify } from "yaml";
import { loadConfig, type KindredConfig } from "../../bin/config.ts";
import { startKindred, type RunningKindred } from "../../bin/start.ts";
import { freePort, registerUser } from "../../tools/local-matrix/index.ts";
import type { HomeserverName, TestMatrix } from "../integration/global-setup.ts";
import { recordingLogger } from "./harness.ts";
import { TestMember, type HomeserverInfo } from "./matrix-member.ts";

export interface KindredUnderTest {
  readonly config: KindredConfig;
  readonly running: RunningKindred;
  readonly logs: ReturnType<typeof recordingLogger>;
  readonly botUserId: string;
}

export interface TestKindredOptions {
  /** Which homeserver this Kindred serves (default hs1, the community under test). */
  readonly on?: HomeserverName;
  /** Reuse a data folder to restart "the same" Kindred. */
  readonly dataDir?: string;
  /** Extra top-level config sections, merged over the defaults. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** Writes a real kindred.yaml and starts Kindred in this process, as `kindred start` would. */
export async function startTestKindred(
  matrix: TestMatrix,
  options: TestKindredOptions = {},
): Promise<KindredUnderTest> {
  const on = options.on ?? "hs1";
  const file = await writeTestConfig(matrix, options);
  const loaded = loadConfig(file);
  if (!loaded.ok) throw new Error(loaded.message);
  const logs = recordingLogger(process.env["KINDRED_TEST_LOGS"] === "1" ? `[kindred ${on}]` : undefined);
  const running = await startKindred(loaded.value, logs);
  return { config: loaded.value, running, logs, botUserId: running.appservice.botUserId };
}

/** Writes the kindred.yaml a test Kindred runs with (in `dataDir`, or a fresh folder) and returns its path. */
export async function writeTestConfig(matrix: TestMatrix, options: TestKindredOptions = {}): Promise<string> {
  const on = options.on ?? "hs1";
  const hs = matrix[on];
  const slot = matrix.appservices[on];
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), "kindred-it-"));
  const file = join(dir, "kindred.yaml");
  writeFileSync(
    file,
    stringify({
      homeserver: { url: hs.clientUrl, server_name: hs.serverName },
      appservice: { registration: slot.registrationFile, bind: "127.0.0.1", port: slot.port },
      data_dir: join(dir, "data"),
      web: { bind: "127.0.0.1", port: await freePort() },
      community: { name: on === "hs1" ? "Integration Community" : "Partner Community" },
      // The same folder means the same Kindred: its master key must survive the restart too.
      secrets: { master_key: createHash("sha256").update(dir).digest("base64") },
      ...options.config,
    }),
  );
  return file;
}

let counter = 0;

/** A new, real user on the given homeserver. */
export async function newMember(
  hs: HomeserverInfo,
  name: string,
  options: { admin?: boolean } = {},
): Promise<TestMember> {
  const localpart = `${name}${Date.now().toString(36)}${++counter}`;
  const user = await registerUser(hs, {
    localpart,
    password: "correct horse battery staple",
    admin: options.admin ?? false,
  });
  return new TestMember(user.userId, user.accessToken, hs.clientUrl);
}

/** Prints what Kindred logged (warnings and up) when a test failed, so a flaky failure explains itself. */
export function printLogsOfFailedTests(kindred: () => KindredUnderTest | undefined): void {
  afterEach((context) => {
    if (context.task.result?.state !== "fail") return;
    const records = kindred()?.logs.records.filter((r) => r.level === "warn" || r.level === "error") ?? [];
    for (const r of records.slice(-40))
      process.stderr.write(`[kindred ${r.level}] ${r.message} ${JSON.stringify(r.fields ?? {})}\n`);
  });
}
