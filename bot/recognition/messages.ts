import type { RecognisedRole } from "./thresholds.ts";

/** Everything the bot says about recognition, in one place (kind, short, never a ranking). */
export const ROLE_WORDS: Readonly<Record<RecognisedRole, string>> = {
  peer_supporter: "peer supporter",
  mentor: "mentor",
};

export function progressionText(community: string, role: RecognisedRole, pairings: number): string {
  const thanks = `Thank you for the support you have given others in ${community}.`;
  if (role === "peer_supporter")
    return [
      thanks,
      `After ${pairings} completed conversation${pairings === 1 ? "" : "s"} with peers, the community now recognises you as a peer supporter. Nothing changes unless you want it to, and you can take a break at any time.`,
      'Send "recognition" to see your badges, or "recognition on" if you would like other communities to be able to verify this.',
    ].join("\n\n");
  return [
    thanks,
    "The community now recognises you as a mentor: from now on, newcomers may be suggested to you when they start out. You decide how many at once, and you can always say no.",
    'Send "recognition" to see your badges, or "recognition on" if you would like other communities to be able to verify this.',
  ].join("\n\n");
}

export function offerText(issuer: string, role: RecognisedRole, community: string): string {
  return [
    `${issuer} recognises you as a ${ROLE_WORDS[role]}, and we could verify their signed attestation.`,
    `Would you like to be a ${ROLE_WORDS[role]} in ${community} too, without starting over? Send "recognition accept" to say yes, or "recognition decline" — either is fine.`,
  ].join("\n\n");
}

export function roleEndedText(issuer: string, role: RecognisedRole): string {
  return `${issuer} no longer publishes its attestation of you as a ${ROLE_WORDS[role]}, so that role here, which came from it, has ended. Your conversations and everything else stay as they are. If this is a surprise, ${issuer} can tell you more.`;
}

export const RECOGNITION_HELP = [
  "• recognition: your roles, badges and thank-yous",
  "• recognition on | off: let other communities verify your roles (off withdraws what was published)",
  "• recognition accept | decline: answer a role offered because another community recognises you",
  "• recognition check: look again for your recognition in our partner communities",
  "• thanks [a short message]: thank the peers of your last ended conversation (your words go to them, we keep none)",
];
