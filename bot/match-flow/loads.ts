import type { PairingKind } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { PendingPair } from "./suggestions-store.ts";

/** One member's place in a pairing, as far as loads go. */
export interface PairingPart {
  readonly memberId: MemberId;
  readonly kind: PairingKind;
  /** The pairing is active and this member has not left it. */
  readonly current: boolean;
}

export interface Loads {
  readonly peerLoad: Map<MemberId, number>;
  readonly mentorLoad: Map<MemberId, number>;
  /** Newcomers who have, had or are being offered a mentor: a newcomer gets one mentor, not one after another. */
  readonly mentored: Set<MemberId>;
}

/**
 * What each member carries: peers (current pair and circle pairings, pending pair suggestions) and, for members
 * holding the mentor role, mentees (current mentor pairings, pending mentor suggestions). The run's read and the
 * check before each offer count with this one rule, so they cannot disagree.
 */
export function tallyLoads(
  parts: Iterable<PairingPart>,
  pending: Iterable<PendingPair>,
  mentors: ReadonlySet<MemberId>,
  counts: (memberId: MemberId) => boolean = () => true,
): Loads {
  const loads: Loads = { peerLoad: new Map(), mentorLoad: new Map(), mentored: new Set() };
  const add = (map: Map<MemberId, number>, id: MemberId): void => {
    map.set(id, (map.get(id) ?? 0) + 1);
  };
  const count = (kind: PairingKind, id: MemberId): void => {
    if (kind !== "mentor") add(loads.peerLoad, id);
    else if (mentors.has(id)) add(loads.mentorLoad, id);
    else loads.mentored.add(id);
  };
  for (const part of parts) {
    if (part.kind === "mentor" && !mentors.has(part.memberId)) loads.mentored.add(part.memberId);
    if (part.current) count(part.kind, part.memberId);
  }
  for (const suggestion of pending)
    for (const id of suggestion.members) if (counts(id)) count(suggestion.kind, id);
  return loads;
}
