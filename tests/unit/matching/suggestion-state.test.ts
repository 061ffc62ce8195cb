import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  hasExpired,
  isFinal,
  NEW_SUGGESTION,
  nextState,
  type SuggestionEvent,
  type SuggestionState,
} from "../../../bot/matching/suggestion-state.ts";
import type { MemberId } from "../../../bot/matching/types.ts";

const A = "@a:x" as MemberId;
const B = "@b:x" as MemberId;
const C = "@c:x" as MemberId;
const PAIR = [A, B] as const;

const event: fc.Arbitrary<SuggestionEvent> = fc.oneof(
  fc.constantFrom(A, B, C).map((by) => ({ type: "accept" as const, by })),
  fc.constantFrom(A, B, C).map((by) => ({ type: "decline" as const, by })),
  fc.constant({ type: "expire" as const }),
  fc.constant({ type: "room-opened" as const }),
);

/** Applies events in order, skipping refused ones (as the flow would, after telling the member why). */
function run(events: readonly SuggestionEvent[]): { state: SuggestionState; applied: SuggestionEvent[] } {
  let state = NEW_SUGGESTION;
  const applied: SuggestionEvent[] = [];
  for (const e of events) {
    const next = nextState(PAIR, state, e);
    if (!next.ok) continue;
    state = next.value;
    applied.push(e);
  }
  return { state, applied };
}

describe("a suggestion's life", () => {
  it("opens a room only after both members accepted, and never after a decline or expiry", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        const { state, applied } = run(events);
        if (state.status === "accepted" || state.status === "opened") {
          const accepted = applied.filter((e) => e.type === "accept").map((e) => e.by);
          expect(accepted).toContain(A);
          expect(accepted).toContain(B);
          expect(applied.some((e) => e.type === "decline" || e.type === "expire")).toBe(false);
        }
        if (state.status === "opened") expect(applied.at(-1)?.type).toBe("room-opened");
      }),
      { numRuns: 500 },
    );
  });

  it("stays final once declined, expired or opened", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), event, (events, last) => {
        const { state } = run(events);
        if (isFinal(state)) expect(nextState(PAIR, state, last).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("walks the usual path and refuses what does not fit", () => {
    const oneAccepted = nextState(PAIR, NEW_SUGGESTION, { type: "accept", by: A });
    expect(oneAccepted).toEqual({ ok: true, value: { status: "suggested", acceptedBy: [A] } });
    if (!oneAccepted.ok) return;
    expect(nextState(PAIR, oneAccepted.value, { type: "room-opened" })).toMatchObject({
      error: "not-yet-accepted",
    });
    expect(nextState(PAIR, oneAccepted.value, { type: "accept", by: C })).toMatchObject({
      error: "not-a-party",
    });
    const both = nextState(PAIR, oneAccepted.value, { type: "accept", by: B });
    expect(both).toEqual({ ok: true, value: { status: "accepted" } });
    if (!both.ok) return;
    expect(nextState(PAIR, both.value, { type: "expire" })).toMatchObject({ error: "already-decided" });
    expect(nextState(PAIR, both.value, { type: "room-opened" })).toEqual({
      ok: true,
      value: { status: "opened" },
    });
    expect(nextState(PAIR, NEW_SUGGESTION, { type: "decline", by: B })).toEqual({
      ok: true,
      value: { status: "declined", by: B },
    });
  });

  it("expires after the configured time", () => {
    const at = new Date("2025-06-01T12:00:00Z");
    const day = 24 * 3600 * 1000;
    expect(hasExpired(at, 3 * day, new Date(at.getTime() + 3 * day - 1))).toBe(false);
    expect(hasExpired(at, 3 * day, new Date(at.getTime() + 3 * day))).toBe(true);
  });
});
