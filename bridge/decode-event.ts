import { z } from "zod";
import type { InboundEvent } from "../bot/events.ts";
import { parseEventId, parseRoomId, parseUserId } from "../bot/ids.ts";
import { err, ok, type Result } from "../bot/result.ts";

const userId = z.string().transform((value, ctx) => parseUserId(value) ?? invalid(ctx, "a Matrix user ID"));
const roomId = z.string().transform((value, ctx) => parseRoomId(value) ?? invalid(ctx, "a Matrix room ID"));
const eventId = z
  .string()
  .transform((value, ctx) => parseEventId(value) ?? invalid(ctx, "a Matrix event ID"));

function invalid(ctx: z.RefinementCtx, what: string): never {
  ctx.addIssue({ code: "custom", message: `expected ${what}` });
  return z.NEVER;
}

const envelope = z.object({
  type: z.string(),
  event_id: eventId,
  room_id: roomId,
  sender: userId,
  origin_server_ts: z.number().int().nonnegative(),
});

const textContent = z.object({ msgtype: z.enum(["m.text", "m.notice", "m.emote"]), body: z.string() });
const otherMessageContent = z.object({ msgtype: z.string() });
const TEXT_TYPES: ReadonlySet<string> = new Set(textContent.shape.msgtype.options);

const encryptedContent = z.object({ algorithm: z.string(), ciphertext: z.unknown() });

const reactionContent = z.object({
  "m.relates_to": z.object({
    rel_type: z.literal("m.annotation"),
    event_id: eventId,
    key: z.string().max(64),
  }),
});

const memberEvent = z.object({
  state_key: userId,
  content: z.object({
    membership: z.enum(["invite", "join", "leave", "ban", "knock"]),
    is_direct: z.boolean().optional(),
  }),
});

export type DecodeFailure = "malformed";

/**
 * Turns one raw event from a transaction into the bot's typed value.
 * `ok(undefined)` means a well-formed event the bot has no use for: it is not stored.
 */
export function decodeEvent(raw: unknown): Result<InboundEvent | undefined, DecodeFailure> {
  const base = envelope.safeParse(raw);
  if (!base.success) return err("malformed", summarise(base.error));
  const common = {
    eventId: base.data.event_id,
    roomId: base.data.room_id,
    sender: base.data.sender,
    originServerTs: base.data.origin_server_ts,
  };
  switch (base.data.type) {
    case "m.room.member": {
      const member = memberEvent.safeParse(raw);
      if (!member.success) return err("malformed", summarise(member.error));
      const { content } = member.data;
      return ok({
        kind: "membership",
        ...common,
        target: member.data.state_key,
        membership: content.membership,
        isDirect: content.is_direct === true,
      });
    }
    case "m.room.message": {
      const content = (raw as { content?: unknown }).content;
      const other = otherMessageContent.safeParse(content);
      if (!other.success) return err("malformed", summarise(other.error, "content"));
      // Images, files and other message types are legitimate; the bot simply does not read them.
      if (!TEXT_TYPES.has(other.data.msgtype)) return ok(undefined);
      const text = textContent.safeParse(content);
      if (!text.success) return err("malformed", summarise(text.error, "content"));
      return ok({ kind: "text", ...common, msgtype: text.data.msgtype, body: text.data.body });
    }
    case "m.reaction": {
      const reaction = reactionContent.safeParse((raw as { content?: unknown }).content);
      // Not an annotation (or an odd key): nothing the bot reads, so not worth refusing.
      if (!reaction.success) return ok(undefined);
      const relation = reaction.data["m.relates_to"];
      return ok({ kind: "reaction", ...common, relatesTo: relation.event_id, key: relation.key });
    }
    case "m.room.encrypted": {
      const encrypted = encryptedContent.safeParse((raw as { content?: unknown }).content);
      if (!encrypted.success) return err("malformed", summarise(encrypted.error, "content"));
      return ok({ kind: "encrypted", ...common, raw: raw as Record<string, unknown> });
    }
    default:
      return ok(undefined);
  }
}

function summarise(error: z.ZodError, within?: string): string {
  const first = error.issues[0];
  if (first === undefined) return "invalid event";
  const parts = [...(within === undefined ? [] : [within]), ...first.path.map(String)];
  const path = parts.length > 0 ? parts.join(".") : "(event)";
  return `${path}: ${first.message}`;
}
