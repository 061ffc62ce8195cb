import type { CommandContext, CommandSpec, ParsedCommand } from "../commands.ts";
import type { Effect } from "../effects.ts";
import type { BotIdentity } from "../handle-event.ts";
import type { UserId } from "../ids.ts";
import { findMember, findMemberByUserId, type Member } from "../onboarding/members-store.ts";
import { badgesOf, describeBadges } from "./badges.ts";
import { recordPublishConsent } from "./consent-store.ts";
import { checkEffect } from "./federated.ts";
import { RECOGNITION_HELP, ROLE_WORDS } from "./messages.ts";
import { decideOffer, markChecked, offersOf } from "./offers-store.ts";
import { lastEndedPairing } from "./pairings-read.ts";
import { reconcileMember } from "./progression.ts";
import { standingAttestations, withdrawInTransaction } from "./publishing.ts";
import { grantRole } from "./roles-store.ts";
import { pairingsThankedBy, recordThankYou } from "./thanks-store.ts";

const THANKS_WINDOW_MS = 30 * 86_400_000;
const THANKS_MAX_CHARS = 280;

/** `recognition [on|off|accept|decline|check]`. */
export const recognitionCommand: CommandSpec = {
  words: ["recognition"],
  help: RECOGNITION_HELP,
  async run(context, command) {
    const reply = (body: string): Effect[] => [{ kind: "notice", roomId: context.event.roomId, body }];
    const settings = context.bot.recognition;
    if (settings === undefined) return reply("Recognition is not set up in this community.");
    const action = command.args.toLowerCase();
    if (action === "check") {
      await markChecked(context.db, context.event.sender, context.now);
      const read = checkEffect(settings, context.event.sender);
      return [
        ...reply(
          read.length === 0
            ? "This community does not list any partner communities whose recognition it accepts."
            : "I'm looking for your recognition in our partner communities; I'll tell you what I find.",
        ),
        ...read,
      ];
    }
    const member = await findMemberByUserId(context.db, context.event.sender);
    if (member === undefined)
      return reply("I don't know you as a member yet: sign in on the community's web page first.");
    switch (action) {
      case "":
        return reply(describeBadges(await badgesOf(context.db, member)));
      case "on":
        return [...(await consentOn(context, member)), ...reply(CONSENT_ON)];
      case "off":
        return [...(await consentOff(context, member)), ...reply(CONSENT_OFF)];
      case "accept":
      case "decline":
        return reply(await answerOffers(context.db, member, action, context.now));
      default:
        return reply(
          'Send "recognition", "recognition on", "recognition off", "recognition accept" or "recognition decline".',
        );
    }
  },
};

const CONSENT_ON =
  'Thank you. Your roles here are now published as signed attestations (contribution only: roles, numbers of conversations and circles, feedback as a percentage, training), so other communities can verify them. Send "recognition off" at any time to withdraw them.';
const CONSENT_OFF =
  "Done: nothing about you is published any more, and what was published has been withdrawn. Your roles here stay as they are.";

/** The member said yes: their attestation is issued at once if they hold a role. */
export async function consentOn(
  context: {
    readonly db: CommandContext["db"];
    readonly bot: Pick<BotIdentity, "community" | "recognition">;
    readonly now: Date;
  },
  member: Member,
): Promise<Effect[]> {
  await recordPublishConsent(context.db, member.id, true, context.now);
  const settings = context.bot.recognition;
  if (settings === undefined) return [];
  return reconcileMember(
    context.db,
    { community: context.bot.community, recognition: settings },
    member.id,
    context.now,
  );
}

/** The member said no (or withdrew): every attestation about them is withdrawn. */
export async function consentOff(
  context: Pick<CommandContext, "db" | "now">,
  member: Member,
): Promise<Effect[]> {
  await recordPublishConsent(context.db, member.id, false, context.now);
  return withdrawInTransaction(
    context.db,
    await standingAttestations(context.db, member.userId),
    context.now,
  );
}

/** Accepts (granting each role, source `attestation`, with its issuer) or declines every open offer. */
export async function answerOffers(
  db: CommandContext["db"],
  member: Member,
  action: "accept" | "decline",
  now: Date,
): Promise<string> {
  const offers = await offersOf(db, member.id, "offered");
  if (offers.length === 0) return "There is no role waiting for your answer.";
  const lines: string[] = [];
  for (const offer of offers) {
    if (action === "accept") {
      const { role, issuer, attestationId } = offer;
      await grantRole(db, { memberId: member.id, role, source: "attestation", issuer, attestationId }, now);
      await decideOffer(db, offer, "accepted", now);
      lines.push(`Welcome, ${ROLE_WORDS[role]}! You hold that role here now, recognised by ${issuer}.`);
    } else {
      await decideOffer(db, offer, "declined", now);
      lines.push(
        `That's fine: you won't be a ${ROLE_WORDS[offer.role]} here. If you change your mind, ask a moderator.`,
      );
    }
  }
  return lines.join("\n");
}

/** `thanks [message]`: thanks the peers of the member's last ended pairing; counted, the words never stored. */
export const thanksCommand: CommandSpec = {
  words: ["thanks", "thank"],
  help: [],
  async run(context, command: ParsedCommand) {
    const reply = (body: string): Effect[] => [{ kind: "notice", roomId: context.event.roomId, body }];
    const member = await findMemberByUserId(context.db, context.event.sender);
    if (member === undefined)
      return reply("I don't know you as a member yet: sign in on the community's web page first.");
    // "thank you, …" reads as the command "thank" followed by "you": those words are not the message.
    const text = (
      command.word === "thank" ? command.args.replace(/^you\b[\s,.!]*/i, "") : command.args
    ).trim();
    if (text.length > THANKS_MAX_CHARS)
      return reply(`That is a little long: please keep a thank-you under ${THANKS_MAX_CHARS} characters.`);
    const since = new Date(context.now.getTime() - THANKS_WINDOW_MS);
    const pairing = await lastEndedPairing(
      context.db,
      member.id,
      since,
      await pairingsThankedBy(context.db, member.id),
    );
    if (pairing === undefined)
      return reply(
        "I found no ended conversation of yours from the last 30 days that you haven't thanked for yet.",
      );
    const effects: Effect[] = [];
    for (const peerId of pairing.peers) {
      const peer = await findMember(context.db, peerId);
      if (peer === undefined) continue;
      if (
        !(await recordThankYou(
          context.db,
          { pairingId: pairing.pairingId, from: member.id, to: peerId },
          context.now,
        ))
      )
        continue;
      effects.push({
        kind: "direct",
        userId: peer.userId,
        body: thankYouText(member.userId, text),
        sensitive: true,
      });
    }
    return [
      ...effects,
      ...reply(
        effects.length === 0
          ? "You already thanked them."
          : "Thank you for saying thank you. I've passed it on, and I keep none of your words.",
      ),
    ];
  },
};

function thankYouText(from: UserId, text: string): string {
  const said = text === "" ? "" : `\n\n“${text}”`;
  return `${from} wanted to say thank you for your conversation together.${said}`;
}
