import type { Context, MiddlewareHandler } from "hono";
import { nodeResponse } from "./node-http.ts";

/**
 * The headers hono's `secureHeaders()` sends, plus a strict CSP, computed once; names in lower case, as
 * Node keys them (a name given otherwise is lower-cased into a new string on every response). They are set before the
 * handler runs: hono's middleware sets them afterwards, which makes @hono/node-server rebuild every response
 * (about half the throughput in bench/web.ts); set up front, the response is built once with them.
 */
export function securityHeaderList(options: {
  readonly allowHttpHomeservers: boolean;
  readonly https: boolean;
}): [string, string][] {
  // Sign-in talks to the member's own homeserver from the browser, so connect-src cannot be a fixed list.
  const homeservers = options.allowHttpHomeservers ? "https: http:" : "https:";
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${homeservers}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
  return [
    ["content-security-policy", csp],
    ["cross-origin-opener-policy", "same-origin"],
    ["cross-origin-resource-policy", "same-origin"],
    ["origin-agent-cluster", "?1"],
    ["referrer-policy", "no-referrer"],
    ...(options.https
      ? [["strict-transport-security", "max-age=15552000; includeSubDomains"] as [string, string]]
      : []),
    ["x-content-type-options", "nosniff"],
    ["x-dns-prefetch-control", "off"],
    ["x-download-options", "noopen"],
    ["x-frame-options", "DENY"],
    ["x-permitted-cross-domain-policies", "none"],
    ["x-xss-protection", "0"],
    ["permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"],
  ];
}

export function securityHeaders(list: readonly [string, string][]): MiddlewareHandler {
  return (c, next) => {
    setHeaders(c, list);
    return next();
  };
}

/**
 * Sets headers that do not depend on the response. Served by @hono/node-server, they go straight onto the
 * Node response, which merges them into what hono writes: hono would otherwise keep them in a Web `Headers`
 * object, checked and sorted on every request, then copied back out (a fifth of a cached page's cost).
 * Elsewhere (`app.request()` in tests), they are set on the context as usual.
 */
export function setHeaders(c: Context, list: readonly (readonly [string, string])[]): void {
  const outgoing = nodeResponse(c);
  if (outgoing === undefined) for (const [name, value] of list) c.header(name, value);
  else for (const [name, value] of list) outgoing.setHeader(name, value);
}
