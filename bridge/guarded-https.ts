import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { err, ok, type Result } from "../bot/result.ts";

/**
 * HTTPS GET for addresses an attacker chose (a Matrix server name typed into a form): refuses private and
 * loopback addresses after DNS resolution, and caps time and body size. Redirects are returned, not followed.
 */
export interface GuardOptions {
  readonly allowPrivateAddresses: boolean;
  /** Tests only: the test homeservers' federation listeners use self-signed certificates. */
  readonly acceptInvalidCertificates: boolean;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export interface GuardedResponse {
  readonly status: number;
  readonly location: string | undefined;
  readonly body: string;
}

export type GuardedFailure = "refused_address" | "unreachable" | "too_large";

// One list per family: a BlockList holding ::ffff:0:0/96 would match every IPv4 address.
const PRIVATE_V4 = new BlockList();
const PRIVATE_V6 = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  PRIVATE_V4.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 127], // unspecified and loopback
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE_V6.addSubnet(net, prefix, "ipv6");

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE_V4.check(address, "ipv4");
  if (family !== 6) return true;
  // IPv4-mapped (::ffff:a.b.c.d): judge the IPv4 address inside.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return PRIVATE_V4.check(mapped, "ipv4");
  return PRIVATE_V6.check(address, "ipv6") || /^::ffff:/i.test(address);
}

class RefusedAddress extends Error {}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, found: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const usable = allowPrivate ? found : found.filter((a) => !isPrivateAddress(a.address));
      const first = usable[0];
      if (first === undefined)
        return callback(new RefusedAddress(`${hostname} resolves to a private address`), "", 0);
      if (options.all === true) callback(null, usable);
      else callback(null, first.address, first.family);
    });
  };
}

export function guardedGet(
  url: URL,
  hostHeader: string,
  guard: GuardOptions,
): Promise<Result<GuardedResponse, GuardedFailure>> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0 && !guard.allowPrivateAddresses && isPrivateAddress(host))
    return Promise.resolve(err("refused_address", `${host} is a private address`));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const req = request(
      url,
      {
        method: "GET",
        agent: false,
        headers: { host: hostHeader, accept: "application/json" },
        lookup: guardedLookup(guard.allowPrivateAddresses),
        rejectUnauthorized: !guard.acceptInvalidCertificates,
        servername: isIP(host) === 0 ? host : "",
      },
      (res) => {
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > guard.maxBytes) {
            clearTimeout(timer);
            resolve(err("too_large", `answer larger than ${guard.maxBytes} bytes`));
            req.destroy();
          } else chunks.push(chunk);
        });
        res.on("end", () => {
          clearTimeout(timer);
          const location = res.headers.location;
          resolve(
            ok({ status: res.statusCode ?? 0, location, body: Buffer.concat(chunks).toString("utf8") }),
          );
        });
        res.on("error", () => undefined); // settled by req's error or by the size cap
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${guard.timeoutMs} ms`)),
      guard.timeoutMs,
    );
    req.on("error", (error) => {
      clearTimeout(timer);
      resolve(
        error instanceof RefusedAddress
          ? err("refused_address", error.message)
          : err("unreachable", error.message),
      );
    });
    req.end();
  });
}
