import type { Reason } from "../matching/reasons.ts";
import { reasonsText, type Wording } from "../matching/reason-text.ts";
import type { SuggestionKind } from "../../schema/index.ts";

/** Everything the bot says about matching, kind and brief. Peers' identities are shared only once both accept. */
export const MATCH_HELP = [
  "• match: find me a peer (I'll message you when I find one)",
  "• suggestions: the suggestions waiting for your answer",
  "• accept / decline (with its number if you have several): answer a suggestion or a circle invitation",
  "• peers: your peers, now and before",
  "• end (with its number if you have several): end a pairing, then tell me how it went",
  "• again N: ask to continue with that peer later (when they ask too, I'll suggest you to each other)",
  "• block N: never be matched with that past peer again",
  "• pause / resume: stop or restart matching for a while",
];

const hoursText = (ms: number): string => `${Math.round(ms / 3_600_000)} hours`;

export function suggestionMessage(
  kind: SuggestionKind,
  role: "peer" | "newcomer" | "mentor",
  why: string,
  number: number,
  ttlMs: number,
): string {
  const intro =
    kind === "pair"
      ? `I've found a peer you might like to talk with (suggestion ${number}).`
      : role === "mentor"
        ? `A newcomer could use a mentor, and I think you'd be a good one (suggestion ${number}).`
        : `As you're new here, I'd like to introduce you to a mentor, an experienced member who is glad to help you find your way (suggestion ${number}).`;
  return [
    intro,
    `Why: ${why}.`,
    `Reply "accept ${number}" to say yes or "decline ${number}" to say no. Nothing opens unless you both accept, and I share your Matrix ID only then. The suggestion stays open for ${hoursText(ttlMs)}.`,
  ].join("\n");
}

export const waitingForOther = (number: number): string =>
  `Thank you, you've accepted suggestion ${number}. I'll open a private room as soon as the other member accepts too.`;

export const alreadyAccepted = (number: number): string =>
  `You've already accepted suggestion ${number}; I'm waiting for the other member.`;

export const bothAccepted = (number: number): string =>
  `You both said yes to suggestion ${number}! I'm opening a private, end-to-end-encrypted room for you now. Accept my invite to join.`;

export const youDeclined = (number: number): string =>
  `Thank you for letting me know; suggestion ${number} is closed. You keep your place, and I'll keep looking.`;

export const otherDeclined = (number: number): string =>
  `Suggestion ${number} won't go ahead this time. That's okay, nobody is at fault. You keep your place, and I'll keep looking for you.`;

export const suggestionExpired = (number: number): string =>
  `Suggestion ${number} has lapsed because it wasn't answered in time, and that's okay. You keep your place, and I'll keep looking. Send "match" whenever you'd like me to look again.`;

export const lookingNow = "I'm looking for a peer for you. I'll message you here when I find someone.";
export const stoppedLooking =
  "I've stopped looking for a peer for you. Send \"match\" whenever you'd like me to look again.";
export const paused =
  'Matching is paused for you: I won\'t suggest anyone until you send "resume". Take care.';
export const resumed = "Welcome back! Matching is on again, and you keep your place.";
export const noProfile =
  "I can't look for a peer yet: please complete your profile on the community's web pages first.";
export const notSetUp = "Matching isn't set up in this community yet.";

export const feedbackQuestion = (number: number): string =>
  [
    `Pairing ${number} has ended. Thank you for the time you gave each other.`,
    `How did it go? Reply "helped", "neutral" or "not helped", and add a note if you like. Your answer is private: the other member never sees it, and it only helps me suggest better matches.`,
    `If you'd like to talk with them again later, reply "again ${number}". To never be matched with them again, reply "block ${number}".`,
  ].join("\n");

export const feedbackThanks =
  "Thank you for telling me. It stays private and helps me suggest better matches.";

/**
 * The reasons in words both members can read (the room's purpose): the stages are told without "you" and
 * "they", so the same sentence fits everyone in the room.
 */
export function sharedReasonsText(reasons: readonly Reason[], wording: Wording): string {
  const parts = reasons.map((reason) => {
    if (reason.kind === "experience") {
      const words = wording.experience(reason.experience);
      if (words === undefined) return "you share a lived experience";
      const [a, b] = reason.stages;
      if (a !== b) return `one of you has ${words.past} and the other is ${words.now}`;
      return a === "past" ? `you have both ${words.past}` : `you are both ${words.now}`;
    }
    if (reason.kind === "helps")
      return `one of you can help with ${reason.strengths.map((t) => wording.strength(t) ?? t).join(" and ")}`;
    const text = reasonsText([reason], 0, wording);
    return text.charAt(0).toLowerCase() + text.slice(1);
  });
  const text = parts.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The reasons for one member of the pair; "you asked to meet again" when there are none. */
export function viewerReasonsText(reasons: readonly Reason[], viewer: 0 | 1, wording: Wording): string {
  return reasons.length === 0 ? "You both asked to talk again" : reasonsText(reasons, viewer, wording);
}
