/**
 * The two servers `bench/web.ts` loads, run in their own process so the load generator does not share their
 * event loop: Kindred's web app (real pages, real middleware, SQLite, a signed-in member) and a bare node:http
 * handler answering with the very same bytes and headers. Prints one JSON line with their ports.
 */
import { createServer, type OutgoingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { deriveKey } from "../bot/crypto/master-key.ts";
import { writeSignedCookie } from "../web/signed-cookie.ts";
import { loadSodium } from "../bot/crypto/sodium.ts";
import type { UserId } from "../bot/ids.ts";
import { recordConsents } from "../bot/onboarding/consents-store.ts";
import { memberCipher } from "../bot/onboarding/member-cipher.ts";
import { findOrCreateMember, markOnboarded } from "../bot/onboarding/members-store.ts";
import { saveProfile } from "../bot/onboarding/profiles-store.ts";
import { createSession } from "../bot/onboarding/sessions-store.ts";
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
const masterKey = new Uint8Array(randomBytes(32));
const now = new Date();
const member = await findOrCreateMember(database.db, "@bench:carers.example" as UserId, now);
await recordConsents(database.db, member.id, community.consents, now);
await saveProfile(
  database.db,
  memberCipher(sodium, masterKey),
  member.id,
  {
    experiences: [
      { id: "caregiving", stage: "now" },
      { id: "grief", stage: "past" },
    ],
    role: "both",
    strengths: "Listening, practical tips about forms and benefits.",
    supportWanted: "Someone to talk to in the evenings.",
    languages: ["en", "fr"],
    timezone: "Europe/London",
    availability: { days: ["mon", "wed", "sat"], times: ["evening"] },
    channels: { modes: ["text", "voice"], settings: ["one_to_one"] },
    capacity: 2,
    filters: { ageBands: ["35-49", "50-64"], genders: [], stage: null },
    note: "Remember to ask about respite care.",
  },
  now,
);
await markOnboarded(database.db, member.id, now);
const sessionToken = await createSession(database.db, member.id, now);

const app = createWebApp({
  db: database.db,
  community,
  botUserId: "@kindred:carers.example",
  publicUrl: "http://127.0.0.1/",
  sodium,
  masterKey,
  openId: { userInfo: () => Promise.reject(new Error("not used in the benchmark")) },
  wakeOutbox: () => undefined,
  logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  allowHttpHomeservers: false,
});

// A signed session cookie, obtained the way a browser would hold it: from a Set-Cookie the app wrote.
const cookieApp = new Hono();
cookieApp.get("/", (c) => {
  writeSignedCookie(c, deriveKey(sodium, masterKey, "web-sessions"), "kindred_session", sessionToken, {
    secure: false,
    sameSite: "Lax",
    maxAgeSeconds: 60,
  });
  return c.text("ok");
});
const sessionCookie = ((await cookieApp.request("/")).headers.get("set-cookie") ?? "").split(";")[0] ?? "";

// What Hono answers, captured once, is what the bare server sends every time.
const DROP = new Set([
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "set-cookie",
]);
async function capture(
  path: string,
  withCookie: boolean,
): Promise<{ body: Buffer; headers: OutgoingHttpHeaders }> {
  const response = await app.request(`http://127.0.0.1${path}`, { headers: withCookie ? { cookie } : {} });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    if (!DROP.has(name)) headers[name] = value;
  });
  return { body: Buffer.from(await response.arrayBuffer()), headers };
}
// A browser keeps the CSRF cookie the first form page sets; so does the load generator.
const csrfCookie =
  (
    (await app.request("http://127.0.0.1/profile", { headers: { cookie: sessionCookie } })).headers.get(
      "set-cookie",
    ) ?? ""
  ).split(";")[0] ?? "";
const cookie = `${sessionCookie}; ${csrfCookie}`;
const pages = { "/": await capture("/", false), "/profile": await capture("/profile", true) };

const bare = createServer((req, res) => {
  const page = req.url === "/profile" ? pages["/profile"] : pages["/"];
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
    cookie,
    bytes: { landing: pages["/"].body.length, profile: pages["/profile"].body.length },
    headers: Object.keys(pages["/"].headers).length,
  })}\n`,
);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
