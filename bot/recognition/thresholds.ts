/** Evidence Kindred saw for a member; contribution only. */
export interface Evidence {
  /** Pairs and mentorships that ended with feedback from both (all) peers. */
  readonly pairingsCompleted: number;
  /** Circles the member took part in that ended, with their feedback. */
  readonly circlesHeld: number;
  /** Peers' feedback about pairings with this member: how many said it helped, of how many. */
  readonly positiveFeedback: number;
  readonly feedbackGiven: number;
  /** Courses a moderator recorded as completed. */
  readonly trainingCourses: readonly string[];
}

export interface RoleThreshold {
  readonly pairings: number;
  readonly circles: number;
  /** 0 = no requirement. */
  readonly positiveFeedbackPercent: number;
  readonly training: boolean;
}

export interface RoleThresholds {
  readonly peer_supporter: RoleThreshold;
  readonly mentor: RoleThreshold;
}

export type RecognisedRole = "peer_supporter" | "mentor";

/** Whole percentage of positive peer feedback, or undefined before there is any. */
export function feedbackPercent(evidence: Evidence): number | undefined {
  if (evidence.feedbackGiven === 0) return undefined;
  return Math.floor((100 * evidence.positiveFeedback) / evidence.feedbackGiven);
}

export function meets(evidence: Evidence, threshold: RoleThreshold): boolean {
  const percent = feedbackPercent(evidence);
  return (
    evidence.pairingsCompleted >= threshold.pairings &&
    evidence.circlesHeld >= threshold.circles &&
    (threshold.positiveFeedbackPercent === 0 ||
      (percent !== undefined && percent >= threshold.positiveFeedbackPercent)) &&
    (!threshold.training || evidence.trainingCourses.length > 0)
  );
}

/**
 * The highest role the evidence earns: newcomer (undefined) → peer supporter → mentor. A mentor must also meet
 * the peer supporter's thresholds, so a community cannot skip a step by setting the mentor's lower.
 */
export function earnedRole(evidence: Evidence, thresholds: RoleThresholds): RecognisedRole | undefined {
  if (!meets(evidence, thresholds.peer_supporter)) return undefined;
  return meets(evidence, thresholds.mentor) ? "mentor" : "peer_supporter";
}

export const ROLE_RANK: Readonly<Record<RecognisedRole, number>> = { peer_supporter: 1, mentor: 2 };
