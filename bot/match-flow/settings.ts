import type { Wording } from "../matching/reason-text.ts";
import type { Choice } from "../onboarding/community.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";

/** How the flow runs: config values, the member-data cipher, and the community's words for experiences. */
export interface MatchFlowSettings {
  readonly cipher: MemberCipher;
  readonly wording: Wording;
  /** Scheduled runs at most this often; a member's "match" asks for one sooner. */
  readonly everyMs: number;
  readonly suggestionTtlMs: number;
  /** Waiting this long without a 1:1 match makes a member eligible for a circle. */
  readonly circleAfterMs: number;
  readonly newcomerWeeks: number;
  readonly seed: number;
  /** Offers one run makes in its transaction (default 1,000); the rest come from the run that follows at once. */
  readonly offersPerRun?: number;
}

export const MATCH_FLOW_DEFAULTS = {
  everyMs: 5 * 60_000,
  suggestionTtlMs: 48 * 3_600_000,
  circleAfterMs: 24 * 3_600_000,
  newcomerWeeks: 4,
  seed: 0,
} as const;

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * Words for the reasons from the community's labels: experiences ("Grief and loss" → "been through grief and
 * loss" / "going through grief and loss") and support tags ("Practical tips" → "practical tips").
 */
export function communityWording(
  experiences: readonly Choice[],
  supportTags: readonly Choice[] = [],
): Wording {
  const labels = new Map(experiences.map((e) => [e.id, lowerFirst(e.label)]));
  const tags = new Map(supportTags.map((t) => [t.id, lowerFirst(t.label)]));
  return {
    experience(id) {
      const label = labels.get(id);
      return label === undefined
        ? undefined
        : { now: `going through ${label}`, past: `been through ${label}` };
    },
    strength: (tag) => tags.get(tag) ?? tag.replaceAll("-", " "),
  };
}
