import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import { formCircles } from "../matching/circles.ts";
import { offers } from "../matching/pair-rules.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { PeerRoomSettings } from "../peer-rooms/settings.ts";
import { circleInvitees, circleResting, insertCircleInvitation } from "./circle-invitations-store.ts";
import { circleView } from "./circle-invitations.ts";
import { circleInvitationMessage } from "./circle-texts.ts";
import type { Community } from "./population.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { suggestionNumbers } from "./suggestions-store.ts";

/** Who declined a circle, or let one close unanswered, is not invited to another for this long. */
export const CIRCLE_REST_MS = 7 * 24 * 3_600_000;

/**
 * Members who waited past `circleAfterMs` with no peer, no pending suggestion or circle invitation and no
 * suggestion in this run, and who are open to groups: formed into circles of 3–6, each suggested to its members
 * (a circle invitation, open as long as a suggestion). The room opens only once enough of them accepted
 * (`circle-invitations.ts`). `numbers` is the run's `suggestionNumbers` (read afresh when not given), so each
 * member's invitation number follows their suggestions' numbers.
 */
export async function formWaitingCircles(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  _peerRooms: Pick<PeerRoomSettings, "seal">,
  community: Community,
  offered: ReadonlySet<MemberId>,
  now: Date,
  effects: Effect[],
  numbers?: (memberId: MemberId) => number,
): Promise<number> {
  const cutoff = now.getTime() - flow.circleAfterMs;
  const invited = await circleInvitees(db);
  const resting = await circleResting(db, new Date(now.getTime() - CIRCLE_REST_MS));
  const eligible = community.peers.members.filter(
    (c) =>
      c.status === "active" &&
      c.load === 0 &&
      c.waitingSince !== null &&
      c.waitingSince.getTime() <= cutoff &&
      !offered.has(c.id) &&
      !invited.has(c.id) &&
      !resting.has(c.id) &&
      community.members.get(c.id)?.groups === true,
  );
  if (eligible.length < 3) return 0;
  const { circles } = formCircles({ ...community.peers, members: eligible }, { now, seed: flow.seed });
  if (circles.length === 0) return 0;
  const next = numbers ?? (await suggestionNumbers(db));
  const byId = new Map(eligible.map((c) => [c.id, c]));
  const expiresAt = new Date(now.getTime() + flow.suggestionTtlMs);
  for (const circle of circles) {
    const members = circle.members.flatMap((id) => {
      const candidate = byId.get(id);
      const stage = candidate?.experiences.find((e) => e.id === circle.experience)?.stage;
      return candidate === undefined || stage === undefined
        ? []
        : [{ id, stage, supporter: offers(candidate.role) }];
    });
    const invitation = await insertCircleInvitation(
      db,
      flow.cipher,
      { experience: circle.experience, members, expiresAt },
      now,
      next,
    );
    for (const member of invitation.members) {
      const userId = community.members.get(member.memberId)?.userId;
      const view = circleView(invitation, member.memberId, flow);
      if (userId === undefined || view === undefined) continue;
      // The message names the shared experience: its text is erased from the outbox once delivered.
      const body = circleInvitationMessage(view.number, view.description, flow.suggestionTtlMs);
      effects.push({ kind: "direct", userId, body, sensitive: true });
    }
  }
  return circles.length;
}
