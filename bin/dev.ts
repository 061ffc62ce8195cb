import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import {
  ensureSynapse,
  registerUser,
  ssoCallbackUrl,
  startHomeserver,
  startOidcProvider,
  type RunningHomeserver,
  type RunningOidcProvider,
} from "../tools/local-matrix/index.ts";
import { loadConfig } from "./config.ts";
import { consoleLogger, routeConsoleToLogger } from "./console-logger.ts";
import { registrationYaml } from "./registration.ts";
import { seedDevCommunity } from "./seed-members.ts";
import { stopOnSignal } from "./signals.ts";
import { startKindred } from "./start.ts";

const REPO = resolve(import.meta.dirname, "..");
const DEV_DIR = join(REPO, ".cache", "dev");
const PORTS = {
  hs1: { federation: 8481, client: 8008 },
  hs2: { federation: 8482, client: 8009 },
  appservice: 9000,
  web: 8080,
  /** hs2's single sign-on: a stand-in identity provider, so the SSO way of signing in can be tried. */
  identityProvider: 8490,
};

/** `kindred dev`: a real local homeserver with Kindred as its appservice, on embedded defaults (SQLite). */
export async function runDevStack(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      "with-hs2": { type: "boolean", default: false },
      "seed-members": { type: "boolean", default: false },
    },
  });
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  mkdirSync(DEV_DIR, { recursive: true });
  const python = await ensureSynapse(REPO, (line) => say(`[synapse] ${line}`));

  const registrationFile = join(DEV_DIR, "registration.yaml");
  const serverName = `localhost:${PORTS.hs1.federation}`;
  if (!existsSync(registrationFile)) {
    writeFileSync(
      registrationFile,
      registrationYaml({ url: `http://127.0.0.1:${PORTS.appservice}`, serverName }),
    );
  }
  const configFile = join(DEV_DIR, "kindred.yaml");
  if (!existsSync(configFile)) writeFileSync(configFile, stringify(devConfig(serverName)));
  const config = loadConfig(configFile);
  if (!config.ok) {
    process.stderr.write(`kindred: ${config.message}\n`);
    return 2;
  }

  const homeservers: RunningHomeserver[] = [];
  let identityProvider: RunningOidcProvider | undefined;
  const stopHomeservers = async (): Promise<void> => {
    for (const hs of homeservers.reverse()) await hs.stop();
    await identityProvider?.stop();
  };
  try {
    say("Starting the local homeserver hs1 (Synapse)…");
    const hs1 = await startHomeserver(python, {
      name: "hs1",
      dataDir: join(DEV_DIR, "hs1"),
      federationPort: PORTS.hs1.federation,
      clientPort: PORTS.hs1.client,
      appserviceRegistrationFiles: [registrationFile],
      openRegistration: true,
    });
    homeservers.push(hs1);
    if (values["with-hs2"] === true) {
      say("Starting a second community's homeserver hs2, with single sign-on…");
      const clientSecret = randomBytes(24).toString("base64url");
      identityProvider = await startOidcProvider({
        name: "Local sign-in (any username)",
        clientId: "hs2",
        clientSecret,
        redirectUris: [ssoCallbackUrl(PORTS.hs2.client)],
        port: PORTS.identityProvider,
      });
      homeservers.push(
        await startHomeserver(python, {
          name: "hs2",
          dataDir: join(DEV_DIR, "hs2"),
          federationPort: PORTS.hs2.federation,
          clientPort: PORTS.hs2.client,
          openRegistration: true,
          ssoProviders: [
            {
              idpId: "local",
              idpName: "Local sign-in (any username)",
              issuer: identityProvider.issuer,
              clientId: "hs2",
              clientSecret,
            },
          ],
        }),
      );
    }
    const member = await demoMember(hs1);
    const logger = consoleLogger(config.value.logLevel);
    routeConsoleToLogger(logger);
    const kindred = await startKindred(config.value, logger);
    if (values["seed-members"] === true) {
      say("Adding about 40 sample members to the community…");
      const seeded = await seedDevCommunity(config.value, kindred, hs1, DEV_DIR);
      say(seeded);
    }
    say(welcome(hs1, homeservers[1], member, kindred.appservice.botUserId, kindred.webUrl));
    await stopOnSignal(async () => {
      say("Stopping…");
      await kindred.stop();
      await stopHomeservers();
    });
    return 0;
  } catch (error) {
    await stopHomeservers();
    throw error;
  }
}

function devConfig(serverName: string): unknown {
  return {
    homeserver: { url: `http://127.0.0.1:${PORTS.hs1.client}`, server_name: serverName },
    appservice: { registration: "registration.yaml", bind: "127.0.0.1", port: PORTS.appservice },
    data_dir: "kindred-data",
    web: {
      bind: "127.0.0.1",
      port: PORTS.web,
      public_url: `http://127.0.0.1:${PORTS.web}/`,
      // The local homeservers are on loopback with self-signed federation certificates.
      openid: { allow_private_addresses: true, accept_invalid_certificates: true },
    },
    secrets: { master_key: randomBytes(32).toString("base64") },
    community: {
      name: "Kindred (local)",
      purpose: "A local Kindred community for trying things out: peer support from people who have lived it.",
    },
    // The ready-made account may open the operator dashboard (/operator).
    operators: [`@member:${serverName}`],
  };
}

/** A ready-made account so a person can sign in at once; its password is kept beside the dev data. */
async function demoMember(hs: RunningHomeserver): Promise<{ userId: string; password: string }> {
  const file = join(DEV_DIR, "member-password.txt");
  if (existsSync(file))
    return { userId: `@member:${hs.serverName}`, password: readFileSync(file, "utf8").trim() };
  const password = randomBytes(9).toString("base64url");
  const user = await registerUser(hs, { localpart: "member", password });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return { userId: user.userId, password };
}

function welcome(
  hs1: RunningHomeserver,
  hs2: RunningHomeserver | undefined,
  member: { userId: string; password: string },
  bot: string,
  webUrl: string,
): string {
  return [
    "",
    "Kindred is running.",
    "",
    `  Matrix homeserver:  ${hs1.clientUrl}   (server name ${hs1.serverName})`,
    "  Connect with any Matrix client (Element, FluffyChat, …): choose that homeserver URL, then sign in as",
    `      ${member.userId}   password ${member.password}`,
    "    or register a new account (registration is open on this local homeserver).",
    `  Then start a direct message with ${bot} and send "help".`,
    ...(hs2 === undefined
      ? []
      : [
          `  A second community's homeserver: ${hs2.clientUrl} (server name ${hs2.serverName})`,
          "    It also offers single sign-on: any username typed on its sign-in page becomes an account there.",
        ]),
    "",
    `  Onboarding:  ${webUrl}`,
    `  Logs of the homeserver: ${hs1.logPath}`,
    "",
    "Press Ctrl-C to stop. Data stays in .cache/dev/ (delete it for a fresh start).",
  ].join("\n");
}
