// `npx tsx tools/local-matrix/cli.ts up`: two federating homeservers for local development.
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureSynapse, startHomeserver } from "./index.ts";
import type { RunningHomeserver } from "./index.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const stateDir = path.join(repoRoot, ".cache", "local-matrix");
const servers = [
  { name: "hs1", federationPort: 8481, clientPort: 8008 },
  { name: "hs2", federationPort: 8482, clientPort: 8009 },
];

async function up(): Promise<void> {
  const python = await ensureSynapse(repoRoot, (line) => console.log(line));
  // Fresh data every run: the CLI is for poking at a clean pair of servers.
  await rm(stateDir, { recursive: true, force: true });
  const running: RunningHomeserver[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(running.map((hs) => hs.stop()));
  };
  // Homeserver children are unref'd, so something must keep node running until Ctrl-C.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const onSignal = (): void => {
    clearInterval(keepAlive);
    console.log("\nstopping homeservers…");
    stopAll().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    for (const server of servers) {
      running.push(await startHomeserver(python, { ...server, dataDir: path.join(stateDir, server.name) }));
    }
  } catch (error) {
    clearInterval(keepAlive);
    await stopAll();
    throw error;
  }
  for (const hs of running)
    console.log(`${hs.name}: ${hs.serverName}  client ${hs.clientUrl}  logs ${hs.logPath}`);
  console.log("homeservers up; Ctrl-C to stop");
}

const command = process.argv[2];
if (command === "up") {
  up().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
} else {
  console.error("usage: tsx tools/local-matrix/cli.ts up");
  process.exit(2);
}
