import { z } from "zod";
import {
  DEFAULT_CONSENTS,
  DEFAULT_CRISIS_RESOURCES,
  DEFAULT_EXPERIENCES,
  DEFAULT_GUIDELINES,
  DEFAULT_LANGUAGES,
  DEFAULT_SUPPORT_TAGS,
  DEFAULT_VALUES,
} from "./community-defaults.ts";
import { DEFAULT_WEEKLY_PROMPT } from "../bot/checkins/settings.ts";
import { isTimezone } from "../bot/scheduler/local-time.ts";

const port = z.number().int().min(0).max(65535);
const url = z.url({ protocol: /^https?$/ });
const uniqueIds = (items: readonly { id: string }[]): boolean =>
  new Set(items.map((i) => i.id)).size === items.length;
const choices = (idPattern: RegExp) =>
  z
    .array(z.object({ id: z.string().regex(idPattern), label: z.string().min(1).max(100) }).strict())
    .min(1)
    .max(200)
    .refine(uniqueIds, "ids must be unique");
const crisisResource = z
  .object({ name: z.string().min(1).max(200), contact: z.string().min(1).max(500), url: url.optional() })
  .strict();

/** kindred.yaml: the one schema every setting is decoded with. Unknown keys are refused (typos show). */
/** Evidence for a role: pairings both peers ended with feedback, circles held, positive feedback, training. */
const roleThreshold = z
  .object({
    pairings: z.int().min(0).max(100_000),
    circles: z.int().min(0).max(100_000).default(0),
    /** Share of peers' feedback that said it helped, whole percent; 0 = no requirement. */
    positive_feedback_percent: z.int().min(0).max(100).default(0),
    training: z.boolean().default(false),
  })
  .strict();
const PEER_SUPPORTER_DEFAULT = { pairings: 3, circles: 0, positive_feedback_percent: 0, training: false };
const MENTOR_DEFAULT = { pairings: 10, circles: 1, positive_feedback_percent: 75, training: true };

export const configSchema = z
  .object({
    homeserver: z
      .object({
        /** Client-server API base URL, as Kindred reaches it. */
        url,
        /** The homeserver's server name (the part after ':' in user IDs). */
        server_name: z.string().min(1),
      })
      .strict(),
    appservice: z
      .object({
        /** The registration YAML given to the homeserver (`kindred registration` prints one). */
        registration: z.string().min(1),
        bind: z.string().min(1).default("127.0.0.1"),
        port: port.default(9000),
      })
      .strict(),
    data_dir: z.string().min(1).default("./data"),
    database: z
      .object({
        /** `postgres://…` for PostgreSQL; otherwise a SQLite file (default: kindred.sqlite in data_dir). */
        url: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    web: z
      .object({
        bind: z.string().min(1).default("127.0.0.1"),
        port: port.default(8080),
        public_url: url.optional(),
        /** Sign in with Matrix (OpenID): which homeservers Kindred may call to check a token. */
        openid: z
          .object({
            /** Tests and local development only: homeservers on loopback or private addresses. */
            allow_private_addresses: z.boolean().default(false),
            /** Tests only: accept self-signed federation certificates. */
            accept_invalid_certificates: z.boolean().default(false),
          })
          .strict()
          .default({ allow_private_addresses: false, accept_invalid_certificates: false }),
      })
      .strict()
      .default({
        bind: "127.0.0.1",
        port: 8080,
        openid: { allow_private_addresses: false, accept_invalid_certificates: false },
      }),
    community: z
      .object({
        name: z.string().min(1).max(100),
        purpose: z.string().max(2000).default(""),
        values: z.array(z.string().min(1).max(500)).max(20).default(DEFAULT_VALUES),
        guidelines: z.array(z.string().min(1).max(500)).max(30).default(DEFAULT_GUIDELINES),
        /** By ISO country code (`GB`, `FR`…) plus `default`, shown to visitors from elsewhere. */
        crisis_resources: z
          .record(
            z.string().regex(/^([A-Z]{2}|default)$/, "expected an ISO country code or default"),
            z.array(crisisResource).max(10),
          )
          .refine((byCountry) => "default" in byCountry, "needs a `default` entry")
          .default(DEFAULT_CRISIS_RESOURCES),
        /** The lived-experience taxonomy members choose from. */
        experiences: choices(/^[a-z0-9-]{1,64}$/).default(DEFAULT_EXPERIENCES),
        languages: choices(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).default(DEFAULT_LANGUAGES),
        /** What members can offer and would like (strengths and needs); matching meets a need with a strength. */
        support_tags: choices(/^[a-z0-9-]{1,64}$/).default(DEFAULT_SUPPORT_TAGS),
        /** Agreements asked at orientation; change `version` to ask every member again. */
        consents: z
          .array(
            z
              .object({
                id: z.string().regex(/^[a-z0-9-]{1,64}$/),
                version: z.string().min(1).max(32),
                title: z.string().min(1).max(200),
                text: z.string().min(1).max(5000),
              })
              .strict(),
          )
          .min(1)
          .max(20)
          .refine(uniqueIds, "ids must be unique")
          .default(DEFAULT_CONSENTS),
      })
      .strict(),
    secrets: z
      .object({
        /** 32 random bytes, base64 (`openssl rand -base64 32`); every at-rest key derives from it. */
        master_key: z
          .string()
          .refine(
            (text) => /^[A-Za-z0-9+/]{43}=$/.test(text.trim()),
            "expected 32 bytes in base64 (openssl rand -base64 32)",
          ),
      })
      .strict(),
    peer_rooms: z
      .object({
        /** An invite to a peer room not accepted after this many hours is reminded once… */
        invite_reminder_hours: z.number().positive().default(24),
        /** …and expires after this many. */
        invite_expiry_hours: z.number().positive().default(72),
        conversation_starters: z.array(z.string().min(1).max(300)).min(1).max(10).optional(),
      })
      .strict()
      .default({ invite_reminder_hours: 24, invite_expiry_hours: 72 }),
    matching: z
      .object({
        /** How often matching runs (a member's "match" asks for a run at once). */
        every_minutes: z.number().positive().max(1440).default(5),
        /** A suggestion not answered by both within this many hours expires. */
        suggestion_expiry_hours: z.number().positive().default(48),
        /** A member waiting this long with no 1:1 match may be placed in a peer circle. */
        circle_wait_hours: z.number().positive().default(24),
        /** Members who joined within this many weeks are offered a mentor. */
        newcomer_weeks: z.number().int().min(0).max(52).default(4),
        /** Decides every tie: the same members and seed give the same suggestions. */
        seed: z
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .default(0),
      })
      .strict()
      .default({
        every_minutes: 5,
        suggestion_expiry_hours: 48,
        circle_wait_hours: 24,
        newcomer_weeks: 4,
        seed: 0,
      }),
    checkins: z
      .object({
        /** Posted once a week in every open peer room and circle; `enabled: false` turns it off. */
        weekly_prompt: z
          .object({
            enabled: z.boolean().default(true),
            text: z.string().min(1).max(1000).default(DEFAULT_WEEKLY_PROMPT),
            day: z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]).default("mon"),
            time: z
              .string()
              .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time like 18:00")
              .default("18:00"),
            timezone: z.string().refine(isTimezone, "unknown IANA timezone").default("UTC"),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    bot: z
      .object({
        /** The bot's user (a user of the appservice's exclusive namespace; not the registration's sender). */
        localpart: z
          .string()
          .regex(/^[a-z0-9._=\-/]+$/, "expected a Matrix localpart (lowercase)")
          .default("kindred"),
        display_name: z.string().min(1).max(100).optional(),
      })
      .strict()
      .default({ localpart: "kindred" }),
    /** Matrix IDs allowed to see the operator pages (who is waiting for a match, and why) once signed in. */
    operators: z
      .array(
        z
          .string()
          .regex(/^@[^\s:]{1,200}:[A-Za-z0-9.:[\]-]{1,255}$/, "expected a Matrix ID like @alice:example.org"),
      )
      .max(100)
      .default([]),
    attestations: z
      .object({
        /** Other communities (server names) whose signed attestations this community accepts. */
        trusted_issuers: z
          .array(z.string().regex(/^[A-Za-z0-9.:[\]-]{1,255}$/, "expected a server name"))
          .default([]),
        /** How long an attestation this community issues stays valid. */
        validity_days: z.int().min(1).max(3650).default(365),
      })
      .strict()
      .default({ trusted_issuers: [], validity_days: 365 }),
    recognition: z
      .object({
        /** Evidence a member needs for each role; a mentor also meets the peer supporter's thresholds. */
        peer_supporter: roleThreshold.default(PEER_SUPPORTER_DEFAULT),
        mentor: roleThreshold.default(MENTOR_DEFAULT),
        /** How often a member's attestations from trusted issuers are read again (withdrawals, revoked keys). */
        recheck_hours: z.number().min(0.001).max(8760).default(24),
      })
      .strict()
      .default({ peer_supporter: PEER_SUPPORTER_DEFAULT, mentor: MENTOR_DEFAULT, recheck_hours: 24 }),
    logging: z
      .object({ level: z.enum(["debug", "info", "warn", "error"]).default("info") })
      .strict()
      .default({ level: "info" }),
  })
  .strict();

export const registrationSchema = z.looseObject({
  id: z.string().min(1),
  url: z.string().nullable(),
  as_token: z.string().min(16),
  hs_token: z.string().min(16),
  sender_localpart: z.string().regex(/^[a-z0-9._=\-/]+$/, "expected a Matrix localpart (lowercase)"),
  namespaces: z.looseObject({
    users: z.array(z.looseObject({ regex: z.string(), exclusive: z.boolean().optional() })).default([]),
  }),
});

export type RawConfig = z.infer<typeof configSchema>;
