import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { registrationYaml } from "../../bin/registration.ts";
import {
  ensureSynapse,
  freePort,
  startHomeserver,
  type RunningHomeserver,
} from "../../tools/local-matrix/index.ts";
import type { HomeserverInfo } from "../support/matrix-member.ts";

export interface TestMatrix {
  readonly hs1: HomeserverInfo;
  readonly hs2: HomeserverInfo;
  /** Kindred's registration on hs1; tests start Kindred on `appservicePort`. */
  readonly registrationFile: string;
  readonly appservicePort: number;
  readonly workDir: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    matrix: TestMatrix;
  }
}

const REPO = resolve(import.meta.dirname, "..", "..");

/** Starts hs1 (Kindred's homeserver) and hs2 (a partner community) once per run, on fresh data. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const python = await ensureSynapse(REPO, (line) => process.stderr.write(`[synapse] ${line}\n`));
  // One folder per run, so runs side by side never share a homeserver; logs stay after the run for anyone
  // who needs them, and folders of runs whose process is gone are cleared.
  const runsDir = join(REPO, ".cache", "test-homeservers");
  mkdirSync(runsDir, { recursive: true });
  for (const entry of readdirSync(runsDir)) {
    const pid = Number(entry.split("-")[0]);
    if (!Number.isInteger(pid) || !isAlive(pid))
      rmSync(join(runsDir, entry), { recursive: true, force: true });
  }
  const workDir = join(runsDir, `${process.pid}-${Date.now()}`);
  mkdirSync(workDir, { recursive: true });

  const { hs1Federation, hs1Client, hs2Federation, hs2Client, appservicePort } = await distinctFreePorts();
  const registrationFile = join(workDir, "registration.yaml");
  writeFileSync(
    registrationFile,
    registrationYaml({ url: `http://127.0.0.1:${appservicePort}`, serverName: `localhost:${hs1Federation}` }),
  );
  const started: RunningHomeserver[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((hs) => hs.stop()));
  };
  try {
    await Promise.all([
      startHomeserver(python, {
        name: "hs1",
        dataDir: join(workDir, "hs1"),
        federationPort: hs1Federation,
        clientPort: hs1Client,
        appserviceRegistrationFiles: [registrationFile],
      }).then((hs) => started.push(hs)),
      startHomeserver(python, {
        name: "hs2",
        dataDir: join(workDir, "hs2"),
        federationPort: hs2Federation,
        clientPort: hs2Client,
      }).then((hs) => started.push(hs)),
    ]);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const info = (name: string): HomeserverInfo => {
    const hs = started.find((h) => h.name === name);
    if (hs === undefined) throw new Error(`${name} did not start`);
    return {
      name,
      serverName: hs.serverName,
      clientUrl: hs.clientUrl,
      sharedSecret: hs.sharedSecret,
      databasePath: hs.databasePath,
    };
  };
  project.provide("matrix", {
    hs1: info("hs1"),
    hs2: info("hs2"),
    registrationFile,
    appservicePort,
    workDir,
  });
  return stopAll;
}

async function distinctFreePorts(): Promise<
  Record<"hs1Federation" | "hs1Client" | "hs2Federation" | "hs2Client" | "appservicePort", number>
> {
  const ports = new Set<number>();
  while (ports.size < 5) ports.add(await freePort());
  const [hs1Federation = 0, hs1Client = 0, hs2Federation = 0, hs2Client = 0, appservicePort = 0] = [...ports];
  return { hs1Federation, hs1Client, hs2Federation, hs2Client, appservicePort };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
