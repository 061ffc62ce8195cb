/**
 * The score of a possible pairing: a weighted sum of features in [0, 1], plus two policy terms. The feature weights
 * are the coefficients of a logistic regression of "this pairing helped" on the features (bot/matching/learning.ts),
 * so an operator can read them; the policy terms are set, not learned, because feedback cannot measure fairness.
 */
export const FEATURES = [
  /** On a shared experience, one has been through it and offers support, the other is in it now and seeks it. */
  "beenThrough",
  /** Both are going through a shared experience now. */
  "bothInIt",
  /** Shared experiences beyond the first (two more count fully). */
  "moreShared",
  /** Share of each one's needs met by the other's strengths. */
  "complement",
  /** Weekly hours both are free, saturating at 10. */
  "availability",
  /** Channels in common, relative to the shorter list. */
  "channels",
  /** One offers what the other seeks. */
  "roles",
] as const;

export type FeatureName = (typeof FEATURES)[number];
export type Features = Readonly<Record<FeatureName, number>>;

export interface ScoreModel {
  readonly weights: Features;
  /** Logistic intercept: part of the fitted model, no effect on which pairing wins. */
  readonly bias: number;
  /** How many pieces of feedback shaped these weights (0 = the defaults). */
  readonly examples: number;
  /** Policy: what any valid pairing is worth, so matching someone beats leaving them waiting. */
  readonly pairing: number;
  /** Policy: priority per week each member has waited, capped at MAX_WAITING_WEEKS, so no one waits forever. */
  readonly waitingPerWeek: number;
}

export const MAX_WAITING_WEEKS = 8;

/** Shared experience first: having been through it, for someone in it now, outweighs anything else. */
export const DEFAULT_MODEL: ScoreModel = {
  weights: {
    beenThrough: 2,
    bothInIt: 1,
    moreShared: 0.4,
    complement: 0.8,
    availability: 0.8,
    channels: 0.5,
    roles: 0.8,
  },
  bias: -2.5,
  examples: 0,
  pairing: 1,
  waitingPerWeek: 0.5,
};

export function featureVector(features: Features): Float64Array {
  return Float64Array.from(FEATURES, (name) => features[name]);
}

/** The inverse of featureVector: positions follow FEATURES. */
export function featuresFrom(vector: ArrayLike<number>): Features {
  return {
    beenThrough: vector[0] ?? 0,
    bothInIt: vector[1] ?? 0,
    moreShared: vector[2] ?? 0,
    complement: vector[3] ?? 0,
    availability: vector[4] ?? 0,
    channels: vector[5] ?? 0,
    roles: vector[6] ?? 0,
  };
}

/** Weeks waited, as the policy term counts them. */
export function waitingWeeks(waitingSince: Date | null, now: Date): number {
  if (waitingSince === null) return 0;
  const weeks = (now.getTime() - waitingSince.getTime()) / (7 * 24 * 3600 * 1000);
  return Math.min(MAX_WAITING_WEEKS, Math.max(0, weeks));
}

/** The pairing's score; `waiting` is the two members' waited weeks, each already capped. */
export function scoreOf(model: ScoreModel, features: Features, waiting: readonly [number, number]): number {
  let sum = model.pairing + model.waitingPerWeek * (waiting[0] + waiting[1]);
  for (const name of FEATURES) sum += model.weights[name] * features[name];
  return sum;
}
