import type { CircleInvitationOutcome } from "../../schema/index.ts";
import type { Wording } from "../matching/reason-text.ts";
import type { Stage } from "../matching/types.ts";

/** What the bot says about circle invitations, kind and brief. Nobody is named until the circle opens. */

const hoursText = (ms: number): string => `${Math.round(ms / 3_600_000)} hours`;

/**
 * The circle in the community's words: "4 members; 2 of you are going through grief and loss and 2 have been
 * through grief and loss, and at least one of you offers support".
 */
export function circleDescription(
  size: number,
  experience: string,
  stages: Readonly<Record<Stage, number>>,
  wording: Wording,
): string {
  const words = wording.experience(experience);
  const now = `${stages.now} of you ${stages.now === 1 ? "is" : "are"} ${words?.now ?? "in it now"}`;
  const past = `${stages.past} ${stages.past === 1 ? "has" : "have"} ${words?.past ?? "been through it"}`;
  return `${size} members who share an experience with you; ${now} and ${past}, and at least one of you offers support`;
}

export function circleInvitationMessage(number: number, description: string, ttlMs: number): string {
  return [
    `While you wait for a one-to-one match, I'd like to invite you to a small peer circle (suggestion ${number}).`,
    `Who: ${description}.`,
    "The circle meets weekly, in its own private, end-to-end-encrypted room.",
    `Reply "accept ${number}" to join or "decline ${number}" to say no; either is fine. The room opens once at least 3 of you have said yes and everyone has answered, or when the suggestion closes in ${hoursText(ttlMs)}. Nobody learns who you are unless the circle goes ahead, and I share your Matrix ID only with the members who said yes.`,
  ].join("\n");
}

export const circleAccepted = (number: number): string =>
  `Thank you, you've said yes to the circle (suggestion ${number}). I'll open its room once at least 3 have said yes and everyone has answered.`;

export const circleAlreadyAccepted = (number: number): string =>
  `You've already said yes to the circle (suggestion ${number}); I'm waiting for the others to answer.`;

export const circleDeclined = (number: number): string =>
  `Thank you for letting me know; you won't be in that circle (suggestion ${number}). You keep your place, and I'll keep looking for a one-to-one match.`;

export const circleOpening = (number: number, size: number): string =>
  `The circle is going ahead with ${size} members (suggestion ${number})! I'm opening its private, end-to-end-encrypted room now. Accept my invite to join; you'll meet weekly.`;

const notAheadBecause: Record<CircleInvitationOutcome, string> = {
  too_few: "not enough members could join",
  no_supporter: "the members who offer support couldn't join",
  no_mix: "a circle needs some members going through it now and some who have been through it",
};

/** To those who said yes when it closes without a room: their place in the queue is kept (they go first). */
export const circleNotAhead = (number: number, outcome: CircleInvitationOutcome): string =>
  `The circle won't go ahead this time (suggestion ${number}): ${notAheadBecause[outcome]}. That's okay, nobody is at fault. You stay first in line, and I'll keep looking for you.`;

/** To those who had not answered when it closed. */
export const circleLapsed = (number: number, opened: boolean): string =>
  opened
    ? `The circle (suggestion ${number}) went ahead with the members who said yes, as it wasn't answered in time, and that's okay. You keep your place, and I'll keep looking.`
    : `The circle (suggestion ${number}) won't go ahead, and your answer isn't needed any more. You keep your place, and I'll keep looking.`;

/** The room's purpose, shown only inside the encrypted room. */
export function circlePurpose(experience: string, wording: Wording): string {
  const words = wording.experience(experience);
  return words === undefined
    ? "You share a lived experience: some of you are in it now, some have been through it."
    : `Some of you are ${words.now} and some have ${words.past}; you meet weekly as a peer circle.`;
}
