import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import { formCircles } from "../matching/circles.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { PeerRoomSettings } from "../peer-rooms/settings.ts";
import { openPairing } from "./open-pairing.ts";
import type { Community } from "./population.ts";
import type { MatchFlowSettings } from "./settings.ts";
import { circleMessage } from "./texts.ts";
import { direct } from "./transaction.ts";

/**
 * Members who waited past `circleAfterMs` with no peer, no pending suggestion and no suggestion in this run,
 * and who are open to groups: formed into circles of 3–6, whose rooms open at once (an invite can be declined).
 */
export async function formWaitingCircles(
  db: Kysely<Database>,
  flow: MatchFlowSettings,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  community: Community,
  offered: ReadonlySet<MemberId>,
  now: Date,
  effects: Effect[],
): Promise<number> {
  const cutoff = now.getTime() - flow.circleAfterMs;
  const eligible = community.peers.members.filter(
    (c) =>
      c.status === "active" &&
      c.load === 0 &&
      c.waitingSince !== null &&
      c.waitingSince.getTime() <= cutoff &&
      !offered.has(c.id) &&
      community.members.get(c.id)?.groups === true,
  );
  if (eligible.length < 3) return 0;
  const { circles } = formCircles({ ...community.peers, members: eligible }, { now, seed: flow.seed });
  for (const circle of circles) {
    const members = circle.members.flatMap((id) => {
      const userId = community.members.get(id)?.userId;
      return userId === undefined ? [] : [{ id, userId }];
    });
    const words = flow.wording.experience(circle.experience);
    const purpose =
      words === undefined
        ? "You share a lived experience: some of you are in it now, some have been through it."
        : `Some of you are ${words.now} and some have ${words.past}; you meet weekly as a peer circle.`;
    const opened = await openPairing(db, peerRooms, { kind: "circle", members, purpose }, now);
    if (!opened.ok) continue;
    effects.push(
      ...members.flatMap((m) => direct(m.userId, circleMessage(members.length))),
      ...opened.value.effects,
    );
  }
  return circles.length;
}
