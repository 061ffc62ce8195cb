import { readFileSync } from "node:fs";
import type { Recurrence } from "../bot/scheduler/recurrence.ts";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { err, ok, type Result } from "../bot/result.ts";
import type { CommunityProfile } from "../bot/onboarding/community.ts";
import type { RoleThreshold, RoleThresholds } from "../bot/recognition/thresholds.ts";
import { configSchema, registrationSchema, type RawConfig } from "./config-schema.ts";

/** Decoded, path-resolved and frozen configuration: the only config object anything receives. */
export interface KindredConfig {
  readonly file: string;
  readonly homeserver: { readonly url: string; readonly serverName: string };
  readonly appservice: {
    readonly registrationFile: string;
    readonly id: string;
    readonly asToken: string;
    readonly hsToken: string;
    readonly senderLocalpart: string;
    readonly bind: string;
    readonly port: number;
  };
  readonly dataDir: string;
  readonly databaseUrl: string;
  readonly web: {
    readonly bind: string;
    readonly port: number;
    readonly publicUrl: string;
    readonly openid: { readonly allowPrivateAddresses: boolean; readonly acceptInvalidCertificates: boolean };
  };
  readonly community: CommunityProfile;
  readonly botDisplayName: string;
  readonly peerRooms: {
    readonly inviteReminderAfterMs: number;
    readonly inviteExpiryAfterMs: number;
    readonly conversationStarters: readonly string[] | undefined;
  };
  readonly matching: {
    readonly everyMs: number;
    readonly suggestionTtlMs: number;
    readonly circleAfterMs: number;
    readonly newcomerWeeks: number;
    readonly seed: number;
  };
  /** The bot's own user; the registration's sender cannot sync, so it cannot hold an E2EE device. */
  readonly botLocalpart: string;
  /** The weekly prompt in peer rooms and circles (null: off). */
  readonly checkins: {
    readonly weeklyPrompt: { readonly text: string; readonly recurrence: Recurrence } | null;
  };
  /** Decoded `secrets.master_key`; derive per-purpose keys from it (bot/crypto/master-key.ts). */
  readonly masterKey: Uint8Array;
  /** Matrix IDs allowed to see the operator pages. */
  readonly operators: readonly string[];
  readonly attestations: { readonly trustedIssuers: readonly string[]; readonly validityDays: number };
  readonly recognition: {
    readonly thresholds: RoleThresholds;
    readonly recheckAfterMs: number;
  };
  readonly logLevel: "debug" | "info" | "warn" | "error";
}

const HOUR_MS = 3_600_000;

export type ConfigError = "unreadable" | "invalid";

/** Loads kindred.yaml; a failure's message is one line naming the file and the key. */
export function loadConfig(path: string): Result<KindredConfig, ConfigError> {
  const file = resolve(path);
  const raw = readYaml(file);
  if (!raw.ok) return raw;
  const decoded = configSchema.safeParse(raw.value);
  if (!decoded.success)
    return err("invalid", `config error in ${file}: ${describeIssue(decoded.error, raw.value)}`);
  const c = decoded.data;
  const base = dirname(file);
  const at = (p: string): string => (isAbsolute(p) ? p : join(base, p));

  const registrationFile = at(c.appservice.registration);
  const rawRegistration = readYaml(registrationFile);
  if (!rawRegistration.ok) return rawRegistration;
  const registration = registrationSchema.safeParse(rawRegistration.value);
  if (!registration.success) {
    return err(
      "invalid",
      `config error in ${registrationFile}: ${describeIssue(registration.error, rawRegistration.value)}`,
    );
  }
  const botUserId = `@${c.bot.localpart}:${c.homeserver.server_name}`;
  if (botUserId === `@${registration.data.sender_localpart}:${c.homeserver.server_name}`) {
    return err(
      "invalid",
      `config error in ${file}: bot.localpart: must differ from the registration's sender_localpart (the sender cannot hold an E2EE device)`,
    );
  }
  if (
    !registration.data.namespaces.users.some(
      (ns) => ns.exclusive === true && matchesFromStart(ns.regex, botUserId),
    )
  ) {
    return err(
      "invalid",
      `config error in ${registrationFile}: namespaces.users: no exclusive namespace matches the bot ${botUserId}`,
    );
  }
  const dataDir = at(c.data_dir);
  return ok(
    Object.freeze({
      file,
      homeserver: { url: c.homeserver.url.replace(/\/+$/, ""), serverName: c.homeserver.server_name },
      appservice: {
        registrationFile,
        id: registration.data.id,
        asToken: registration.data.as_token,
        hsToken: registration.data.hs_token,
        senderLocalpart: registration.data.sender_localpart,
        bind: c.appservice.bind,
        port: c.appservice.port,
      },
      dataDir,
      databaseUrl: c.database.url ?? join(dataDir, "kindred.sqlite"),
      web: {
        bind: c.web.bind,
        port: c.web.port,
        publicUrl: c.web.public_url ?? `http://${c.web.bind}:${c.web.port}/`,
        openid: {
          allowPrivateAddresses: c.web.openid.allow_private_addresses,
          acceptInvalidCertificates: c.web.openid.accept_invalid_certificates,
        },
      },
      community: communityProfile(c.community),
      botDisplayName: c.bot.display_name ?? `${c.community.name} bot`,
      botLocalpart: c.bot.localpart,
      peerRooms: {
        inviteReminderAfterMs: c.peer_rooms.invite_reminder_hours * HOUR_MS,
        inviteExpiryAfterMs: c.peer_rooms.invite_expiry_hours * HOUR_MS,
        conversationStarters: c.peer_rooms.conversation_starters,
      },
      matching: {
        everyMs: c.matching.every_minutes * 60_000,
        suggestionTtlMs: c.matching.suggestion_expiry_hours * HOUR_MS,
        circleAfterMs: c.matching.circle_wait_hours * HOUR_MS,
        newcomerWeeks: c.matching.newcomer_weeks,
        seed: c.matching.seed,
      },
      checkins: {
        weeklyPrompt: c.checkins.weekly_prompt.enabled
          ? {
              text: c.checkins.weekly_prompt.text,
              recurrence: {
                days: new Set([c.checkins.weekly_prompt.day]),
                time: c.checkins.weekly_prompt.time,
                timezone: c.checkins.weekly_prompt.timezone,
              },
            }
          : null,
      },
      operators: c.operators,
      masterKey: new Uint8Array(Buffer.from(c.secrets.master_key.trim(), "base64")),
      attestations: {
        trustedIssuers: c.attestations.trusted_issuers,
        validityDays: c.attestations.validity_days,
      },
      recognition: {
        thresholds: {
          peer_supporter: roleThreshold(c.recognition.peer_supporter),
          mentor: roleThreshold(c.recognition.mentor),
        },
        recheckAfterMs: Math.round(c.recognition.recheck_hours * HOUR_MS),
      },
      logLevel: c.logging.level,
    }),
  );
}

function roleThreshold(t: RawConfig["recognition"]["mentor"]): RoleThreshold {
  return {
    pairings: t.pairings,
    circles: t.circles,
    positiveFeedbackPercent: t.positive_feedback_percent,
    training: t.training,
  };
}

function communityProfile(c: RawConfig["community"]): CommunityProfile {
  return {
    name: c.name,
    purpose: c.purpose,
    values: c.values,
    guidelines: c.guidelines,
    crisisResources: Object.fromEntries(
      Object.entries(c.crisis_resources).map(([country, list]) => [
        country,
        list.map((r) => ({ name: r.name, contact: r.contact, url: r.url ?? null })),
      ]),
    ),
    experiences: c.experiences,
    languages: c.languages,
    supportTags: c.support_tags,
    consents: c.consents,
  };
}

function readYaml(file: string): Result<unknown, ConfigError> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason =
      code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code || String(error);
    return err("unreadable", `config error: cannot read ${file}: ${reason}`);
  }
  try {
    return ok(parse(text) as unknown);
  } catch (error) {
    const firstLine = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return err("invalid", `config error in ${file}: not valid YAML: ${firstLine}`);
  }
}

function describeIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (issue === undefined) return "invalid configuration";
  if (issue.code === "unrecognized_keys") {
    const prefix = issue.path.length > 0 ? `${issue.path.join(".")}.` : "";
    return `${prefix}${issue.keys.join(", ")}: unknown key`;
  }
  const key = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  if (valueAt(input, issue.path) === undefined) return `${key}: missing (required)`;
  return `${key}: ${issue.message}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Synapse matches namespace regexes from the start of the user ID. */
function matchesFromStart(regex: string, userId: string): boolean {
  try {
    return new RegExp(regex).exec(userId)?.index === 0;
  } catch {
    return false;
  }
}
