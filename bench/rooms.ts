/**
 * `npm run bench:rooms`: Kindred opens 100 peer rooms for 200 members (each pair one member on hs1, one on hs2)
 * on real Synapse homeservers, next to a plain hs1 user doing the same Synapse work directly (createRoom with the
 * bot's options, a profile lookup and an invite per member, sequentially, as the bot's processor does), in the same
 * run. The two take turns in rounds so a busy moment on the machine hits both alike. Wall time: Synapse is the cost.
 * The last line is one JSON object.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { stringify } from "yaml";
import { loadConfig } from "../bin/config.ts";
import { consoleLogger, routeConsoleToLogger } from "../bin/console-logger.ts";
import { registrationYaml } from "../bin/registration.ts";
import { startKindred, type RunningKindred } from "../bin/start.ts";
import type { UserId } from "../bot/ids.ts";
import { loadPeerRoom, peerMembers } from "../bot/peer-rooms/store.ts";
import { peerRoomCreation, spaceCreation } from "../bridge/room-templates.ts";
import {
  SYNAPSE_VERSION,
  ensureSynapse,
  freePort,
  registerUser,
  startHomeserver,
  type RunningHomeserver,
} from "../tools/local-matrix/index.ts";

const ROOMS = 100;
const ROUNDS = 10;
const WARM_UP = 4;
const POLL_MS = 20;
const ROUND_DEADLINE_MS = 600_000;
const PASSWORD = "bench password, not secret";
const REPO = resolve(import.meta.dirname, "..");

const say = (line: string): void => void process.stdout.write(`${line}\n`);
type Pair = readonly [UserId, UserId];
const cleanups: (() => Promise<void>)[] = [];

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** hs1 (Kindred's, with a fresh registration) and hs2, federating on loopback. */
async function startHomeservers(
  dir: string,
): Promise<{ hs1: RunningHomeserver; hs2: RunningHomeserver; asPort: number }> {
  const python = await ensureSynapse(REPO, (line) => process.stderr.write(`[synapse] ${line}\n`));
  const [hs1Fed = 0, hs1Client = 0, hs2Fed = 0, hs2Client = 0, asPort = 0] = await distinctFreePorts(5);
  const registrationFile = join(dir, "registration.yaml");
  writeFileSync(
    registrationFile,
    registrationYaml({ url: `http://127.0.0.1:${asPort}`, serverName: `localhost:${hs1Fed}` }),
  );
  const start = (name: string, federationPort: number, clientPort: number, registrations: string[]) =>
    startHomeserver(python, {
      name,
      dataDir: join(dir, name),
      federationPort,
      clientPort,
      appserviceRegistrationFiles: registrations,
    }).then((hs) => {
      cleanups.push(() => hs.stop());
      return hs;
    });
  const [hs1, hs2] = await Promise.all([
    start("hs1", hs1Fed, hs1Client, [registrationFile]),
    start("hs2", hs2Fed, hs2Client, []),
  ]);
  return { hs1, hs2, asPort };
}

async function startBenchKindred(
  dir: string,
  hs1: RunningHomeserver,
  asPort: number,
): Promise<RunningKindred> {
  const file = join(dir, "kindred.yaml");
  writeFileSync(
    file,
    stringify({
      homeserver: { url: hs1.clientUrl, server_name: hs1.serverName },
      appservice: { registration: join(dir, "registration.yaml"), bind: "127.0.0.1", port: asPort },
      data_dir: join(dir, "kindred"),
      web: { bind: "127.0.0.1", port: await freePort() },
      community: { name: "Bench Community" },
      secrets: { master_key: randomBytes(32).toString("base64") },
    }),
  );
  const config = loadConfig(file);
  if (!config.ok) throw new Error(config.message);
  const logger = consoleLogger("warn");
  routeConsoleToLogger(logger); // matrix-js-sdk's chatter would bury the figures
  const kindred = await startKindred(config.value, logger);
  cleanups.push(() => kindred.stop());
  return kindred;
}

/** Registers `count` users, a few at a time (registration is cheap with bcrypt_rounds 4, but not free). */
async function registerMany(hs: RunningHomeserver, prefix: string, count: number): Promise<UserId[]> {
  const ids: UserId[] = [];
  for (let from = 0; from < count; from += 10) {
    const batch = Array.from({ length: Math.min(10, count - from) }, (_, i) =>
      registerUser(hs, { localpart: `${prefix}${from + i}`, password: PASSWORD }),
    );
    for (const user of await Promise.all(batch)) ids.push(user.userId as UserId);
  }
  return ids;
}

/** Requests every room at once, then polls the database until each is open with both members invited. */
async function kindredRound(kindred: RunningKindred, pairs: readonly Pair[]): Promise<number> {
  const { db } = kindred.database;
  const started = performance.now();
  const waiting: string[] = [];
  for (const members of pairs) {
    const requested = await kindred.appservice.requestPeerRoom({ members, purpose: "bench" });
    if (!requested.ok) throw new Error(`requestPeerRoom: ${requested.message}`);
    waiting.push(requested.value);
  }
  const deadline = Date.now() + ROUND_DEADLINE_MS;
  // The processor opens rooms in order, so checking stops at the first one not open yet.
  for (let next = waiting.shift(); next !== undefined;) {
    const room = await loadPeerRoom(db, next);
    if (room?.status === "failed") throw new Error(`peer room ${next} failed: ${room.reason ?? "?"}`);
    const members = room?.status === "open" ? await peerMembers(db, next) : [];
    if (members.length === 2 && members.every((m) => m.state === "invited")) {
      next = waiting.shift();
      continue;
    }
    if (Date.now() > deadline) throw new Error(`peer room ${next} still ${room?.status ?? "missing"}`);
    await sleep(POLL_MS);
  }
  const elapsed = performance.now() - started;
  await kindred.appservice.processor.idle(); // the invites' echoes are handled before the baseline's turn
  return elapsed;
}

/** A plain hs1 user's client: the same calls the bot makes for a room, straight to Synapse. */
function directClient(hs: RunningHomeserver, accessToken: string) {
  return async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${hs.clientUrl}/_matrix/client/v3${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
}

async function baselineRound(
  call: ReturnType<typeof directClient>,
  space: { spaceId: string; serverName: string },
  pairs: readonly Pair[],
): Promise<number> {
  const started = performance.now();
  for (const pair of pairs) {
    const options = peerRoomCreation({ peerRoomId: randomUUID(), name: "Bench: peer room", ...space });
    const { room_id: roomId } = await call("POST", "/createRoom", options);
    if (typeof roomId !== "string") throw new Error("createRoom returned no room_id");
    for (const userId of pair) {
      await call("GET", `/profile/${encodeURIComponent(userId)}`);
      await call("POST", `/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: userId });
    }
  }
  return performance.now() - started;
}

/** Runs the benchmark; its report is printed once everything has stopped (the SDKs log on their way out). */
async function run(dir: string): Promise<string[]> {
  const { hs1, hs2, asPort } = await startHomeservers(dir);
  const kindred = await startBenchKindred(dir, hs1, asPort);
  const [local, remote] = await Promise.all([
    registerMany(hs1, "peer_a_", ROOMS),
    registerMany(hs2, "peer_b_", ROOMS),
  ]);
  const pairs: Pair[] = local.map((userId, i) => [userId, remote[i] as UserId]);
  const baselineUser = await registerUser(hs1, { localpart: "baseline", password: PASSWORD });
  const call = directClient(hs1, baselineUser.accessToken);
  const { room_id: spaceId } = await call("POST", "/createRoom", spaceCreation("Baseline space", ""));
  if (typeof spaceId !== "string") throw new Error("could not create the baseline space");
  const space = { spaceId, serverName: hs1.serverName };

  // Warm-up (JIT, Synapse caches, federation connections) on pairs measured again later.
  await kindredRound(kindred, pairs.slice(0, WARM_UP));
  await baselineRound(call, space, pairs.slice(0, WARM_UP));

  const perRound = ROOMS / ROUNDS;
  const rounds: { kindred: number; baseline: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const slice = pairs.slice(round * perRound, (round + 1) * perRound);
    // Alternate who goes first, so a slow stretch of the machine (or Synapse's growing tables) hits both alike.
    const kindredFirst = round % 2 === 0;
    const first = kindredFirst ? await kindredRound(kindred, slice) : await baselineRound(call, space, slice);
    const second = kindredFirst
      ? await baselineRound(call, space, slice)
      : await kindredRound(kindred, slice);
    rounds.push(kindredFirst ? { kindred: first, baseline: second } : { kindred: second, baseline: first });
  }

  const total = (key: "kindred" | "baseline"): number => rounds.reduce((sum, r) => sum + r[key], 0);
  const [kindredMs, baselineMs] = [total("kindred"), total("baseline")];
  const ratio = Math.round((kindredMs / baselineMs) * 100) / 100;
  const row = (name: string, ms: number): string =>
    `${name.padEnd(24)} ${(ms / 1000).toFixed(2).padStart(8)} s ${(ROOMS / (ms / 1000)).toFixed(2).padStart(9)} rooms/s ${(ms / ROOMS).toFixed(1).padStart(8)} ms/room`;
  const perRoom = (ms: number): string => (ms / perRound).toFixed(0);
  return [
    `${ROOMS} pair rooms (one hs1 + one hs2 member each), ${ROUNDS} alternating rounds of ${perRound} after ` +
      `${WARM_UP} warm-up rooms each; Synapse ${SYNAPSE_VERSION}, Node ${process.version}, wall time`,
    row("Kindred (bot, E2EE)", kindredMs),
    row("Synapse direct baseline", baselineMs),
    `per round, ms/room Kindred/baseline: ${rounds.map((r) => `${perRoom(r.kindred)}/${perRoom(r.baseline)}`).join("  ")}`,
    `overhead ×${ratio.toFixed(2)} (Kindred time per room ÷ direct Synapse time per room)`,
    JSON.stringify({
      bench: "rooms",
      rooms: ROOMS,
      rooms_per_s: Math.round((ROOMS / (kindredMs / 1000)) * 100) / 100,
      overhead_ratio: ratio,
    }),
  ];
}

const dir = mkdtempSync(join(tmpdir(), "kindred-bench-rooms-"));
let report: string[] = [];
let exitCode = 0;
try {
  report = await run(dir);
} catch (error) {
  process.stderr.write(
    `bench:rooms failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  exitCode = 1;
}
for (const cleanup of cleanups.reverse()) {
  await cleanup().catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`));
}
if (exitCode === 0) rmSync(dir, { recursive: true, force: true });
else process.stderr.write(`homeserver logs kept in ${dir}\n`);
for (const line of report) say(line);
process.exit(exitCode);
