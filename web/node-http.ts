import { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "hono";

/**
 * The Node request and response behind a request, when @hono/node-server serves it (its `HttpBindings`).
 * Reading and setting plain headers there skips the Web `Headers` objects hono would build for them, a good
 * share of what a cached page costs; `app.request()` (tests) has neither, so callers fall back to hono's.
 */
export function nodeRequest(c: Context): IncomingMessage | undefined {
  const incoming = binding(c, "incoming");
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

export function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = binding(c, "outgoing");
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}

function binding(c: Context, name: "incoming" | "outgoing"): unknown {
  const env: unknown = c.env;
  return typeof env === "object" && env !== null && name in env
    ? (env as Record<typeof name, unknown>)[name]
    : undefined;
}

/** A request header (Node joins repeated ones; a browser sends one Cookie header). */
export function requestHeader(c: Context, name: "cookie" | "accept-language"): string | undefined {
  const incoming = nodeRequest(c);
  return incoming === undefined ? c.req.header(name) : incoming.headers[name];
}
