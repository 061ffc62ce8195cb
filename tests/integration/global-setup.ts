import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { registrationYaml } from "../../bin/registration.ts";
import {
  ensureSynapse,
  freePort,
  ssoCallbackUrl,
  startHomeserver,
  startOidcProvider,
  type RunningHomeserver,
} from "../../tools/local-matrix/index.ts";
import type { HomeserverInfo } from "../support/matrix-member.ts";

export type HomeserverName = "hs1" | "hs2";

export interface AppserviceSlot {
  /** The registration this homeserver loaded at start; a Kindred for it must listen on `port`. */
  readonly registrationFile: string;
  readonly port: number;
}

export interface TestMatrix {
  readonly hs1: HomeserverInfo;
  readonly hs2: HomeserverInfo;
  /** hs1 is the community under test; hs2's slot lets a partner community's Kindred run too. */
  readonly appservices: Readonly<Record<HomeserverName, AppserviceSlot>>;
  /** hs2 also offers single sign-on through a test OpenID Connect identity provider (password login too). */
  readonly hs2Sso: SsoInfo;
  readonly workDir: string;
}

export interface SsoInfo {
  /** As the homeserver lists it in `GET /login` (`identity_providers[].id`). */
  readonly idpId: string;
  readonly idpName: string;
  readonly issuer: string;
}

const HS2_IDP = { idpId: "kindred-test", idpName: "Partner Community ID" } as const;

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

  const ports = await distinctFreePorts(6);
  const [hs1Federation, hs1Client, hs2Federation, hs2Client, hs1Appservice, hs2Appservice] = ports;
  const slot = (name: HomeserverName, port: number, federationPort: number): AppserviceSlot => {
    const registrationFile = join(workDir, `registration-${name}.yaml`);
    writeFileSync(
      registrationFile,
      registrationYaml({ url: `http://127.0.0.1:${port}`, serverName: `localhost:${federationPort}` }),
    );
    return { registrationFile, port };
  };
  const appservices = {
    hs1: slot("hs1", hs1Appservice, hs1Federation),
    hs2: slot("hs2", hs2Appservice, hs2Federation),
  };
  const clientSecret = randomBytes(24).toString("base64url");
  const identityProvider = await startOidcProvider({
    name: HS2_IDP.idpName,
    clientId: "hs2",
    clientSecret,
    redirectUris: [ssoCallbackUrl(hs2Client)],
  });
  const started: RunningHomeserver[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((hs) => hs.stop()));
    await identityProvider.stop();
  };
  try {
    await Promise.all([
      startHomeserver(python, {
        name: "hs1",
        dataDir: join(workDir, "hs1"),
        federationPort: hs1Federation,
        clientPort: hs1Client,
        appserviceRegistrationFiles: [appservices.hs1.registrationFile],
      }).then((hs) => started.push(hs)),
      startHomeserver(python, {
        name: "hs2",
        dataDir: join(workDir, "hs2"),
        federationPort: hs2Federation,
        clientPort: hs2Client,
        appserviceRegistrationFiles: [appservices.hs2.registrationFile],
        ssoProviders: [{ ...HS2_IDP, issuer: identityProvider.issuer, clientId: "hs2", clientSecret }],
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
    appservices,
    hs2Sso: { idpId: `oidc-${HS2_IDP.idpId}`, idpName: HS2_IDP.idpName, issuer: identityProvider.issuer },
    workDir,
  });
  return stopAll;
}

/** Six distinct free ports, in a fixed-length tuple so none can be undefined. */
async function distinctFreePorts(count: 6): Promise<[number, number, number, number, number, number]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = [...ports];
  return [a, b, c, d, e, f];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
