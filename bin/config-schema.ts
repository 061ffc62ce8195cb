import { z } from "zod";

const port = z.number().int().min(0).max(65535);
const url = z.url({ protocol: /^https?$/ });

/** kindred.yaml: the one schema every setting is decoded with. Unknown keys are refused (typos show). */
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
      })
      .strict()
      .default({ bind: "127.0.0.1", port: 8080 }),
    community: z
      .object({
        name: z.string().min(1).max(100),
        purpose: z.string().max(2000).default(""),
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
    bot: z
      .object({ display_name: z.string().min(1).max(100).optional() })
      .strict()
      .default({}),
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
});

export type RawConfig = z.infer<typeof configSchema>;
