import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { CommunityProfile } from "../../bot/onboarding/community.ts";
import type { OpenIdUserInfo, UserInfoFailure } from "../../bot/onboarding/openid-userinfo.ts";
import { err, ok, type Result } from "../../bot/result.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { createWebApp, type WebOptions } from "../../web/app.tsx";
import { memoryDatabase } from "./database.ts";
import { recordingLogger } from "./harness.ts";

export const WEB_ORIGIN = "http://kindred.test";
export const WEB_BOT = "@kindred:community.test";

export const TEST_COMMUNITY: CommunityProfile = {
  name: "Carers Together",
  purpose: "Peer support for people caring for a family member.",
  values: ["We listen more than we advise."],
  guidelines: ["Share your own experience."],
  crisisResources: {
    default: [{ name: "Emergency services", contact: "Call 112", url: null }],
    GB: [{ name: "Samaritans", contact: "116 123", url: "https://www.samaritans.org/" }],
  },
  experiences: [
    { id: "caregiving", label: "Caring for someone" },
    { id: "grief", label: "Grief and loss" },
  ],
  languages: [
    { id: "en", label: "English" },
    { id: "fr", label: "Français" },
  ],
  supportTags: [
    { id: "listening", label: "Listening" },
    { id: "practical-tips", label: "Practical tips" },
    { id: "navigating-services", label: "Navigating services" },
    { id: "coping-with-isolation", label: "Coping with isolation" },
    { id: "talking-to-family", label: "Talking to family" },
    { id: "respite", label: "Finding respite care" },
  ],
  consents: [
    { id: "confidentiality", version: "1", title: "Confidentiality", text: "What peers share stays here." },
    { id: "ai", version: "1", title: "AI disclosure", text: "The bot is a program." },
  ],
};

/** A hand-written homeserver for OpenID checks: answers from a table of tokens, records what it was asked. */
export class FakeOpenIdUserInfo implements OpenIdUserInfo {
  readonly asked: { serverName: string; token: string }[] = [];
  readonly tokens = new Map<string, Result<string, UserInfoFailure>>();

  userInfo(serverName: string, accessToken: string): Promise<Result<string, UserInfoFailure>> {
    this.asked.push({ serverName, token: accessToken });
    return Promise.resolve(this.tokens.get(accessToken) ?? err("invalid_token", "unknown token"));
  }

  issue(token: string, sub: string): void {
    this.tokens.set(token, ok(sub));
  }
}

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

/** A visitor with a cookie jar; posts carry the site's Origin and the last page's CSRF token. */
export class TestVisitor {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  lastHtml = "";

  /** `fetcher` is `app.request` in-process, or fetch (without following redirects) against a real server. */
  constructor(
    private readonly fetcher: Fetcher,
    private readonly origin: string = WEB_ORIGIN,
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { method: "GET", headers });
  }

  async post(
    path: string,
    fields: Record<string, string | string[]>,
    options: { csrf?: string | null; origin?: string } = {},
  ): Promise<Response> {
    const form = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null && token !== undefined) form.append("_csrf", token);
    for (const [name, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
    return this.send(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: options.origin ?? this.origin },
      body: form.toString(),
    });
  }

  private async send(
    path: string,
    init: { method: string; headers: Record<string, string>; body?: string },
  ): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await this.fetcher(`${this.origin}${path}`, {
      ...init,
      headers: { ...init.headers, ...(cookie === "" ? {} : { cookie }) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      if (/max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    if ((response.headers.get("content-type") ?? "").includes("text/html")) {
      this.lastHtml = await response.clone().text();
      const token = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1];
      if (token !== undefined) this.csrf = token;
    }
    return response;
  }
}

export interface WebHarness {
  readonly app: Hono;
  readonly database: DatabaseHandle;
  readonly openId: FakeOpenIdUserInfo;
  readonly masterKey: Uint8Array;
  /** The app's clock: move `now` to expire codes and sessions. */
  readonly clock: { now: Date };
  /** How often the app woke the outbox processor. */
  readonly outbox: { wakes: number };
  readonly logger: ReturnType<typeof recordingLogger>;
  visitor(): TestVisitor;
  close(): Promise<void>;
}

/** The real web app on in-memory SQLite (or a given database), with a fake OpenID checker and a fixed clock. */
export async function webHarness(
  community: CommunityProfile = TEST_COMMUNITY,
  existing?: { database: DatabaseHandle; masterKey: Uint8Array },
  extra: Pick<WebOptions, "operators" | "matching"> = {},
): Promise<WebHarness> {
  const database = existing?.database ?? (await memoryDatabase());
  const masterKey = existing?.masterKey ?? new Uint8Array(randomBytes(32));
  const { sodium } = await loadSodium();
  const openId = new FakeOpenIdUserInfo();
  const clock = { now: new Date("2026-05-01T10:00:00Z") };
  const outbox = { wakes: 0 };
  const logger = recordingLogger();
  const app = createWebApp({
    db: database.db,
    community,
    botUserId: WEB_BOT,
    publicUrl: `${WEB_ORIGIN}/`,
    sodium,
    masterKey,
    openId,
    wakeOutbox: () => {
      outbox.wakes += 1;
    },
    logger,
    allowHttpHomeservers: false,
    now: () => clock.now,
    ...extra,
  });
  return {
    app,
    database,
    openId,
    masterKey,
    clock,
    outbox,
    logger,
    visitor: () => new TestVisitor((url, init) => Promise.resolve(app.request(url, init))),
    close: () => database.close(),
  };
}
