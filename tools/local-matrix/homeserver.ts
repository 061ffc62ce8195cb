import { spawn } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { trackChild } from "./child-registry.ts";
import { ensureSharedSecret, ensureSigningKey, ensureTlsCert } from "./data-dir.ts";
import { writeHomeserverConfig, type SsoProviderConfig } from "./homeserver-config.ts";
import { assertPortFree } from "./free-port.ts";
import { describeLogs } from "./log-tail.ts";
import { homeserverPaths } from "./paths.ts";

export interface HomeserverOptions {
  name: string;
  dataDir: string;
  federationPort: number;
  clientPort: number;
  appserviceRegistrationFiles?: string[];
  openRegistration?: boolean;
  /** Identity providers offered for single sign-on (next to password login). */
  ssoProviders?: readonly SsoProviderConfig[];
  /** How long to wait for /health; defaults to 90 s (first start migrates the DB). */
  readyTimeoutMs?: number;
}

export interface RunningHomeserver {
  name: string;
  serverName: string;
  clientUrl: string;
  dataDir: string;
  databasePath: string;
  sharedSecret: string;
  logPath: string;
  stop(): Promise<void>;
}

/**
 * Writes config (reusing secret, keys and cert already in dataDir), starts
 * Synapse as a plain child process and resolves once /health answers 200.
 */
export async function startHomeserver(
  python: string,
  options: HomeserverOptions,
): Promise<RunningHomeserver> {
  await assertPortFree(options.federationPort);
  await assertPortFree(options.clientPort);
  const paths = homeserverPaths(options.dataDir);
  const serverName = `localhost:${options.federationPort}`;
  const clientUrl = `http://127.0.0.1:${options.clientPort}`;
  const sharedSecret = await ensureSharedSecret(paths);
  await ensureTlsCert(paths);
  await writeHomeserverConfig({
    paths,
    serverName,
    federationPort: options.federationPort,
    clientPort: options.clientPort,
    sharedSecret,
    appserviceRegistrationFiles: options.appserviceRegistrationFiles ?? [],
    openRegistration: options.openRegistration ?? false,
    ssoProviders: options.ssoProviders ?? [],
  });
  await ensureSigningKey(python, paths);

  const out = openSync(paths.processLog, "a");
  writeSync(out, `--- ${new Date().toISOString()} starting ${options.name} (${serverName}) ---\n`);
  const child = spawn(python, ["-m", "synapse.app.homeserver", "-c", paths.config], {
    cwd: paths.dir,
    stdio: ["ignore", out, out],
  });
  closeSync(out); // the child holds its own copy of the descriptor
  // Unref'd so a forgotten homeserver doesn't keep node alive; the exit hook then kills it.
  child.unref();
  trackChild(child);

  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exitInfo = `code ${String(code)}, signal ${String(signal)}`;
      resolve();
    });
    child.once("error", (error) => {
      exitInfo = `spawn error: ${error.message}`;
      resolve();
    });
  });

  async function stop(): Promise<void> {
    if (exitInfo !== undefined) return;
    child.kill("SIGTERM");
    // Escalate if Synapse hangs on shutdown; cleared so it can't hold node open.
    const killTimer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killTimer);
  }

  const fail = async (reason: string): Promise<never> => {
    await stop();
    const logs = await describeLogs([paths.log, paths.processLog]);
    throw new Error(`homeserver ${options.name} (${serverName}) ${reason}\n${logs}`);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (exitInfo !== undefined) return fail(`exited before becoming ready (${exitInfo})`);
    if (Date.now() > deadline) return fail(`was not ready within ${options.readyTimeoutMs ?? 90_000} ms`);
    try {
      const response = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok && exitInfo === undefined) break;
    } catch {
      // Not listening yet: keep polling.
    }
    await sleep(200);
  }

  return {
    name: options.name,
    serverName,
    clientUrl,
    dataDir: paths.dir,
    databasePath: paths.database,
    sharedSecret,
    logPath: paths.log,
    stop,
  };
}
