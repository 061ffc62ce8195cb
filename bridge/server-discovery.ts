import { isIP } from "node:net";
import { err, ok, type Result } from "../bot/result.ts";
import { guardedGet, type GuardedFailure, type GuardOptions } from "./guarded-https.ts";

/** Where to reach a server's federation API, and the name to present in `Host`. */
export interface FederationTarget {
  readonly url: URL;
  readonly hostHeader: string;
}

const DEFAULT_PORT = 8448;
const MAX_REDIRECTS = 3;
// hostname (DNS name, IPv4 or [IPv6]) with an optional port, as the spec's server name grammar allows.
const SERVER_NAME = /^(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,255})(:(\d{1,5}))?$/;

interface HostPort {
  readonly host: string;
  readonly port: number | undefined;
}

export function parseServerName(name: string): HostPort | undefined {
  const match = SERVER_NAME.exec(name);
  if (match === null) return undefined;
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host: match[1] ?? "", port };
}

function target(host: string, port: number): FederationTarget {
  return {
    url: new URL(`https://${host}:${port}`),
    hostHeader: port === DEFAULT_PORT ? host : `${host}:${port}`,
  };
}

/**
 * Matrix server discovery: IP literals and names with an explicit port are used as they are; otherwise
 * `/.well-known/matrix/server` may delegate, else port 8448. (SRV records are not consulted.)
 */
export async function discoverServer(
  serverName: string,
  guard: GuardOptions,
): Promise<Result<FederationTarget, GuardedFailure | "invalid_name">> {
  const parsed = parseServerName(serverName);
  if (parsed === undefined) return err("invalid_name", "not a Matrix server name");
  const bare = parsed.host.replace(/^\[|\]$/g, "");
  if (parsed.port !== undefined) return ok(target(parsed.host, parsed.port));
  if (isIP(bare) !== 0) return ok(target(parsed.host, DEFAULT_PORT));

  const delegated = await wellKnown(parsed.host, guard);
  if (delegated === "refused_address")
    return err("refused_address", `${serverName} resolves to a private address`);
  if (delegated === undefined) return ok(target(parsed.host, DEFAULT_PORT));
  return ok(target(delegated.host, delegated.port ?? DEFAULT_PORT));
}

async function wellKnown(
  host: string,
  guard: GuardOptions,
): Promise<HostPort | "refused_address" | undefined> {
  let url = new URL(`https://${host}/.well-known/matrix/server`);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const answer = await guardedGet(url, url.host, { ...guard, maxBytes: Math.min(guard.maxBytes, 50_000) });
    if (!answer.ok) return answer.error === "refused_address" ? "refused_address" : undefined;
    const { status, location, body } = answer.value;
    if (status >= 300 && status < 400 && location !== undefined) {
      url = new URL(location, url);
      if (url.protocol !== "https:") return undefined;
      continue;
    }
    if (status !== 200) return undefined;
    try {
      const content: unknown = JSON.parse(body);
      const server =
        typeof content === "object" && content !== null
          ? (content as Record<string, unknown>)["m.server"]
          : undefined;
      return typeof server === "string" ? parseServerName(server) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
