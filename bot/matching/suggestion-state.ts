import { err, ok, type Result } from "../result.ts";
import type { MemberId } from "./types.ts";

/**
 * A suggestion's life: both members see it and answer; the peer room opens only once both accepted. Any
 * decline ends it, and so does the deadline while an answer is missing. Pure: the flow stores the state.
 */
export type SuggestionState =
  | { readonly status: "suggested"; readonly acceptedBy: readonly MemberId[] }
  | { readonly status: "accepted" }
  | { readonly status: "opened" }
  | { readonly status: "declined"; readonly by: MemberId }
  | { readonly status: "expired" };

export type SuggestionEvent =
  | { readonly type: "accept"; readonly by: MemberId }
  | { readonly type: "decline"; readonly by: MemberId }
  | { readonly type: "expire" }
  | { readonly type: "room-opened" };

export type TransitionRefusal = "not-a-party" | "already-decided" | "not-yet-accepted";

export const NEW_SUGGESTION: SuggestionState = { status: "suggested", acceptedBy: [] };

export function isFinal(state: SuggestionState): boolean {
  return state.status === "opened" || state.status === "declined" || state.status === "expired";
}

export function nextState(
  members: readonly [MemberId, MemberId],
  state: SuggestionState,
  event: SuggestionEvent,
): Result<SuggestionState, TransitionRefusal> {
  if ((event.type === "accept" || event.type === "decline") && !members.includes(event.by))
    return err("not-a-party", "only the two suggested members can answer");
  if (isFinal(state)) return err("already-decided", `the suggestion is already ${state.status}`);
  switch (event.type) {
    case "accept": {
      if (state.status !== "suggested") return err("already-decided", "both have already accepted");
      const acceptedBy = state.acceptedBy.includes(event.by)
        ? state.acceptedBy
        : [...state.acceptedBy, event.by];
      return ok(
        members.every((m) => acceptedBy.includes(m))
          ? { status: "accepted" }
          : { status: "suggested", acceptedBy },
      );
    }
    case "decline":
      // Once both accepted the room is being opened; leaving it is how to step back then.
      if (state.status !== "suggested") return err("already-decided", "both have already accepted");
      return ok({ status: "declined", by: event.by });
    case "expire":
      if (state.status !== "suggested") return err("already-decided", "both have already accepted");
      return ok({ status: "expired" });
    case "room-opened":
      if (state.status !== "accepted")
        return err("not-yet-accepted", "the room opens only after both accept");
      return ok({ status: "opened" });
  }
}

/** Whether the suggestion's deadline has passed (`ttlMs` comes from config). */
export function hasExpired(suggestedAt: Date, ttlMs: number, now: Date): boolean {
  return now.getTime() - suggestedAt.getTime() >= ttlMs;
}
