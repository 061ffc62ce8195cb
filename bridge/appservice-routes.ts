import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { InboundEvent } from "../bot/events.ts";
import type { Logger } from "../bot/logger.ts";
import { decodeEvent } from "./decode-event.ts";

export interface TransactionSink {
  /** Stores the transaction durably; only after it resolves may the homeserver hear 200. */
  accept(txnId: string, events: InboundEvent[]): Promise<{ duplicate: boolean; stored: number }>;
}

export interface AppserviceRoutesDeps {
  readonly hsToken: string;
  readonly sink: TransactionSink;
  readonly logger: Logger;
}

// A transaction holds at most 100 PDUs of at most 64 KiB each, plus ephemeral data.
const MAX_TRANSACTION_BYTES = 32 * 1024 * 1024;

/** The homeserver → appservice API (`/_matrix/app/v1`). */
export function appserviceRoutes({ hsToken, sink, logger }: AppserviceRoutesDeps): Hono {
  const app = new Hono();
  const expected = digest(hsToken);

  app.use("/_matrix/app/*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
    if (token === undefined) return c.json({ errcode: "M_UNAUTHORIZED", error: "missing hs_token" }, 401);
    // Compare fixed-length digests so neither the length nor the content leaks through timing.
    if (!timingSafeEqual(digest(token), expected)) {
      logger.warn("refused a request with a wrong hs_token", { path: c.req.path });
      return c.json({ errcode: "M_FORBIDDEN", error: "wrong hs_token" }, 403);
    }
    await next();
  });

  app.put(
    "/_matrix/app/v1/transactions/:txnId",
    bodyLimit({
      maxSize: MAX_TRANSACTION_BYTES,
      onError: (c) => c.json({ errcode: "M_TOO_LARGE", error: "transaction too large" }, 413),
    }),
    async (c) => {
      const txnId = c.req.param("txnId");
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ errcode: "M_NOT_JSON", error: "body is not JSON" }, 400);
      }
      const rawEvents = (body as { events?: unknown } | null)?.events;
      if (!Array.isArray(rawEvents))
        return c.json({ errcode: "M_BAD_JSON", error: "`events` must be a list" }, 400);

      const events: InboundEvent[] = [];
      for (const raw of rawEvents) {
        const decoded = decodeEvent(raw);
        if (!decoded.ok) {
          const eventId = (raw as { event_id?: unknown } | null)?.event_id;
          logger.warn("skipped a malformed event", {
            txnId,
            eventId: String(eventId),
            reason: decoded.message,
          });
        } else if (decoded.value !== undefined) {
          events.push(decoded.value);
        }
      }
      const accepted = await sink.accept(txnId, events);
      logger.debug("transaction accepted", { txnId, received: rawEvents.length, ...accepted });
      return c.json({});
    },
  );

  app.post("/_matrix/app/v1/ping", (c) => c.json({}));
  // Kindred creates no users or rooms on demand: queries for its namespaces find nothing.
  app.get("/_matrix/app/v1/users/:userId", (c) =>
    c.json({ errcode: "M_NOT_FOUND", error: "no such user" }, 404),
  );
  app.get("/_matrix/app/v1/rooms/:alias", (c) =>
    c.json({ errcode: "M_NOT_FOUND", error: "no such room" }, 404),
  );
  app.all("/_matrix/app/*", (c) => c.json({ errcode: "M_UNRECOGNIZED", error: "unrecognised request" }, 404));
  app.onError((error, c) => {
    // Storage failed: nothing was stored, so a non-2xx lets the homeserver resend the same transaction.
    logger.error("appservice request failed", { path: c.req.path, error: error.message });
    return c.json({ errcode: "M_UNKNOWN", error: "internal error" }, 500);
  });
  return app;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
