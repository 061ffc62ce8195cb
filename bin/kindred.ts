#!/usr/bin/env -S npx tsx
import { parseArgs } from "node:util";
import { loadConfig } from "./config.ts";
import { consoleLogger, routeConsoleToLogger } from "./console-logger.ts";
import { registrationYaml } from "./registration.ts";
import { stopOnSignal } from "./signals.ts";
import { startKindred } from "./start.ts";

const USAGE = `usage:
  kindred start --config kindred.yaml          run Kindred as the homeserver's appservice
  kindred registration --url URL --server-name NAME [--id kindred] [--localpart kindred]
                                               print a registration file for the homeserver
  kindred dev [--with-hs2]                     start a local homeserver and Kindred on embedded defaults
  kindred keys show [--json] | rotate | revoke KEY_ID [--from DATE]   [--config kindred.yaml] [--offline]
                                               the community's attestation signing keys
  kindred verify FILE|@user:server [--keys KEYSET.json] [--subject @user:server] [--at DATE] [--config …]
                                               verify attestations and print the verdict with its reasons
  kindred training record @user:server COURSE [--by @moderator:server] | list @user:server [--config …]
                                               training a moderator saw completed (evidence for roles)
  kindred role grant|revoke @user:server peer_supporter|mentor [--capacity N] | list @user:server [--config …]
                                               a moderator grants or takes back a role`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      return start(rest);
    case "registration":
      return registration(rest);
    case "dev": {
      const { runDevStack } = await import("./dev.ts");
      return runDevStack(rest);
    }
    case "keys":
      return (await import("./attestation-commands.ts")).keysCommand(rest);
    case "verify":
      return (await import("./attestation-commands.ts")).verifyCommand(rest);
    case "training":
      return (await import("./training-command.ts")).trainingCommand(rest);
    case "role":
      return (await import("./role-command.ts")).roleCommand(rest);
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: "string", short: "c" } } });
  const loaded = loadConfig(values.config ?? process.env["KINDRED_CONFIG"] ?? "kindred.yaml");
  if (!loaded.ok) {
    process.stderr.write(`kindred: ${loaded.message}\n`);
    return 2;
  }
  const logger = consoleLogger(loaded.value.logLevel);
  routeConsoleToLogger(logger);
  process.on("unhandledRejection", (reason) =>
    logger.error("unhandled rejection (a bug)", { reason: String(reason) }),
  );
  const running = await startKindred(loaded.value, logger);
  await stopOnSignal(() => running.stop());
  return 0;
}

function registration(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: "string" },
      "server-name": { type: "string" },
      id: { type: "string" },
      localpart: { type: "string" },
    },
  });
  if (values.url === undefined || values["server-name"] === undefined) {
    process.stderr.write(`kindred: registration needs --url and --server-name\n${USAGE}\n`);
    return 2;
  }
  process.stdout.write(
    registrationYaml({
      url: values.url,
      serverName: values["server-name"],
      ...(values.id === undefined ? {} : { id: values.id }),
      ...(values.localpart === undefined ? {} : { botLocalpart: values.localpart }),
    }),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`kindred: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
