import type { Kysely } from "kysely";
import type { Database, SuggestionKind, SuggestionStatus } from "../../schema/index.ts";
import { waitingReport as engineWaitingReport, type WaitingReport } from "../matching/waiting-report.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { circleInvitees } from "./circle-invitations-store.ts";
import { readCommunity } from "./population.ts";
import { mentorCapacities } from "./roles-store.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { PENDING_STATES, suggestionsOf } from "./suggestions-store.ts";
import { viewerReasonsText } from "./texts.ts";
import type { UserId } from "../ids.ts";

/** A suggestion as one of its two members sees it (the other member stays unnamed until both accept). */
export interface SuggestionView {
  readonly id: string;
  /** The member's short number for it ("accept 2"). */
  readonly number: number;
  readonly kind: SuggestionKind;
  /** `mentor`: the member is asked to mentor; `newcomer`: to be mentored. */
  readonly role: "peer" | "mentor" | "newcomer";
  readonly reasons: string;
  readonly state: SuggestionStatus;
  readonly youAccepted: boolean;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** The member's suggestions waiting for an answer (or, with `all`, every one they had), newest first. */
export async function listSuggestionsFor(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  memberId: MemberId,
  options: { readonly all?: boolean } = {},
): Promise<SuggestionView[]> {
  const suggestions = await suggestionsOf(
    db,
    flow.cipher,
    memberId,
    options.all === true ? undefined : PENDING_STATES,
  );
  const mentors = suggestions.some((s) => s.kind === "mentor") ? await mentorCapacities(db) : new Map();
  return suggestions.map((s) => {
    const viewer = s.members[0] === memberId ? 0 : 1;
    // Mentoring is offered to a newcomer and a member holding the mentor role.
    const role = s.kind === "pair" ? "peer" : mentors.has(memberId) ? "mentor" : "newcomer";
    return {
      id: s.id,
      number: s.numbers[viewer],
      kind: s.kind,
      role,
      reasons: viewerReasonsText(s.reasons, viewer, flow.wording),
      state: s.state,
      youAccepted: s.acceptedBy.includes(memberId),
      createdAt: s.createdAt,
      expiresAt: s.expiresAt,
    };
  });
}

/** One waiting member, for operators: since when, and why no suggestion (the engine's hard-rule counts). */
export interface WaitingMember extends WaitingReport {
  readonly userId: UserId;
  readonly waitingSince: Date;
  readonly pendingSuggestions: number;
  /** Invited to a peer circle and not declined: busy until it opens or closes. */
  readonly invitedToCircle: boolean;
}

/** Everyone waiting for a peer, longest first, each with why they are still unmatched. */
export async function waitingReport(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  now: Date,
): Promise<WaitingMember[]> {
  const community = await readCommunity(db, flow, now);
  const invited = await circleInvitees(db);
  const waiting = community.peers.members
    .filter((m) => m.waitingSince !== null)
    .sort(
      (a, b) => (a.waitingSince?.getTime() ?? 0) - (b.waitingSince?.getTime() ?? 0) || (a.id < b.id ? -1 : 1),
    );
  return waiting.flatMap((m) => {
    const report = engineWaitingReport(community.peers, m.id, now);
    const member = community.members.get(m.id);
    if (report === undefined || member === undefined || m.waitingSince === null) return [];
    return [
      {
        ...report,
        userId: member.userId,
        waitingSince: m.waitingSince,
        pendingSuggestions: community.pending.filter((s) => s.members.includes(m.id)).length,
        invitedToCircle: invited.has(m.id),
      },
    ];
  });
}
