/**
 * The two servers `bench/web.ts` loads, run in their own process so the load generator does not share their
 * event loop: Kindred's web app (real pages, real middleware, SQLite, signed-in members) and a bare node:http
 * handler answering with the very same bytes and headers (each member's own profile page, by cookie).
 * Prints one JSON line: their ports and the members' cookies; then answers each "cpu" line on stdin.
 */
import { createServer, type OutgoingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { serve } from "@hono/node-server";
import { loadSodium } from "../bot/crypto/sodium.ts";
import { connectDatabase, migrateToLatest } from "../schema/index.ts";
import { createWebApp } from "../web/app.tsx";
import {
  DEFAULT_CONSENTS,
  DEFAULT_CRISIS_RESOURCES,
  DEFAULT_EXPERIENCES,
  DEFAULT_GUIDELINES,
  DEFAULT_LANGUAGES,
  DEFAULT_VALUES,
} from "../bin/community-defaults.ts";
import type { CommunityProfile } from "../bot/onboarding/community.ts";
import { firstCookie, onboardMembers, sessionCookie } from "./web-members.ts";

const community: CommunityProfile = {
  name: "Carers Together",
  purpose: "Peer support for people caring for a family member.",
  values: DEFAULT_VALUES,
  guidelines: DEFAULT_GUIDELINES,
  crisisResources: {
    default: DEFAULT_CRISIS_RESOURCES.default.map((r) => ({
      name: r.name,
      contact: r.contact,
      url: r.url ?? null,
    })),
  },
  experiences: DEFAULT_EXPERIENCES,
  languages: DEFAULT_LANGUAGES,
  consents: DEFAULT_CONSENTS,
};

const database = connectDatabase(join(mkdtempSync(join(tmpdir(), "kindred-bench-web-")), "kindred.sqlite"));
const migrated = await migrateToLatest(database);
if (!migrated.ok) throw new Error(migrated.message);
const { sodium } = await loadSodium();
const secrets = { sodium, masterKey: new Uint8Array(randomBytes(32)) };
// One member for the profile page, then a crowd of them: more than the app keeps in memory at once.
const CROWD = 3_000;
const tokens = await onboardMembers(database.db, secrets, community, 1 + CROWD);

const app = createWebApp({
  db: database.db,
  community,
  botUserId: "@kindred:carers.example",
  publicUrl: "http://127.0.0.1/",
  ...secrets,
  openId: { userInfo: () => Promise.reject(new Error("not used in the benchmark")) },
  wakeOutbox: () => undefined,
  logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  allowHttpHomeservers: false,
});

// What Hono answers, captured once, is what the bare server sends every time.
const DROP = new Set([
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "set-cookie",
]);
interface Page {
  readonly body: Buffer;
  readonly headers: OutgoingHttpHeaders;
}
async function capture(path: string, cookie: string): Promise<Page> {
  const response = await app.request(`http://127.0.0.1${path}`, { headers: cookie === "" ? {} : { cookie } });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    if (!DROP.has(name)) headers[name] = value;
  });
  return { body: Buffer.from(await response.arrayBuffer()), headers };
}
/** A member's cookies, as a browser keeps them: the session, and the CSRF cookie the first form page sets. */
async function cookiesOf(token: string): Promise<string> {
  const session = await sessionCookie(secrets, token);
  const csrf = firstCookie(await app.request("http://127.0.0.1/profile", { headers: { cookie: session } }));
  return `${session}; ${csrf}`;
}
const cookies: string[] = [];
for (const token of tokens) cookies.push(await cookiesOf(token));
const landing = await capture("/", "");
const profiles = new Map<string, Page>();
for (const cookie of cookies) profiles.set(cookie, await capture("/profile", cookie));

const bare = createServer((req, res) => {
  const page = req.url === "/profile" ? profiles.get(req.headers.cookie ?? "") : landing;
  if (page === undefined) return void res.writeHead(404).end();
  res.writeHead(200, { ...page.headers, "content-length": page.body.length });
  res.end(page.body);
});
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
const hono = await new Promise<AddressInfo>((resolve) => {
  serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, resolve);
});

process.stdout.write(
  `${JSON.stringify({
    hono: hono.port,
    bare: (bare.address() as AddressInfo).port,
    cookie: cookies[0],
    crowd: cookies.slice(1),
    bytes: { landing: landing.body.length, profile: profiles.get(cookies[0] ?? "")?.body.length },
    headers: Object.keys(landing.headers).length,
  })}\n`,
);
// "cpu" asks for this process's CPU time so far (µs), so the bench can tell CPU per request; the end of
// stdin ends the servers.
createInterface({ input: process.stdin })
  .on("line", (line) => {
    if (line === "cpu") {
      const { user, system } = process.cpuUsage();
      process.stdout.write(`${user + system}\n`);
    }
  })
  .on("close", () => process.exit(0));
