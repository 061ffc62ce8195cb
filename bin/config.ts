import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { err, ok, type Result } from "../bot/result.ts";
import { configSchema, registrationSchema } from "./config-schema.ts";

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
  readonly web: { readonly bind: string; readonly port: number; readonly publicUrl: string };
  readonly community: { readonly name: string; readonly purpose: string };
  readonly botDisplayName: string;
  /** Decoded `secrets.master_key`; derive per-purpose keys from it (bot/crypto/master-key.ts). */
  readonly masterKey: Uint8Array;
  readonly logLevel: "debug" | "info" | "warn" | "error";
}

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
      },
      community: { name: c.community.name, purpose: c.community.purpose },
      botDisplayName: c.bot.display_name ?? `${c.community.name} bot`,
      masterKey: new Uint8Array(Buffer.from(c.secrets.master_key.trim(), "base64")),
      logLevel: c.logging.level,
    }),
  );
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
