import { describe, expect, it } from "vitest";
import {
  describeModel,
  helpfulProbability,
  learnFromFeedback,
  learnModel,
  type FeedbackExample,
} from "../../../bot/matching/learning.ts";
import { seededRandom } from "../../../bot/matching/random.ts";
import { DEFAULT_MODEL, FEATURES, type Features } from "../../../bot/matching/score-model.ts";

const features = (overrides: Partial<Features>): Features => ({
  beenThrough: 0,
  bothInIt: 0,
  moreShared: 0,
  complement: 0,
  availability: 0.5,
  channels: 0.5,
  roles: 1,
  ...overrides,
});

/** Feedback where only the channel match decides whether a pairing helped. */
function channelsMatter(count: number): FeedbackExample[] {
  const random = seededRandom(5);
  return Array.from({ length: count }, () => {
    const channels = random() < 0.5 ? 1 : 0;
    return { features: features({ channels, beenThrough: random() < 0.5 ? 1 : 0 }), helpful: channels === 1 };
  });
}

describe("learning the weights from feedback", () => {
  it("keeps the defaults when there is no feedback", () => {
    expect(learnModel(DEFAULT_MODEL, [])).toEqual(DEFAULT_MODEL);
  });

  it("moves a weight up when pairings strong in that feature helped, and down when they did not", () => {
    const helped = learnFromFeedback(DEFAULT_MODEL, { features: features({ complement: 1 }), helpful: true });
    expect(helped.weights.complement).toBeGreaterThan(DEFAULT_MODEL.weights.complement);
    expect(helped.examples).toBe(1);
    const didNot = learnFromFeedback(DEFAULT_MODEL, {
      features: features({ complement: 1 }),
      helpful: false,
    });
    expect(didNot.weights.complement).toBeLessThan(DEFAULT_MODEL.weights.complement);
    // A feature that was absent from the pairing is not blamed or credited.
    expect(didNot.weights.beenThrough).toBe(DEFAULT_MODEL.weights.beenThrough);
  });

  it("learns from many pairings which feature predicts help, and stays near the defaults with few", () => {
    const many = learnModel(DEFAULT_MODEL, channelsMatter(2000));
    expect(many.weights.channels).toBeGreaterThan(DEFAULT_MODEL.weights.channels + 2);
    expect(many.weights.beenThrough).toBeLessThan(DEFAULT_MODEL.weights.beenThrough);
    expect(helpfulProbability(many, features({ channels: 1 }))).toBeGreaterThan(0.8);
    expect(helpfulProbability(many, features({ channels: 0 }))).toBeLessThan(0.2);
    const few = learnModel(DEFAULT_MODEL, channelsMatter(5));
    for (const name of FEATURES)
      expect(Math.abs(few.weights[name] - DEFAULT_MODEL.weights[name])).toBeLessThan(0.3);
  });

  it("never makes a weight negative and always gives the same model for the same feedback", () => {
    const harsh = Array.from({ length: 500 }, () => ({
      features: features({ availability: 1 }),
      helpful: false,
    }));
    const model = learnModel(DEFAULT_MODEL, harsh);
    for (const name of FEATURES) expect(model.weights[name]).toBeGreaterThanOrEqual(0);
    expect(learnModel(DEFAULT_MODEL, harsh)).toEqual(model);
    expect(model.pairing).toBe(DEFAULT_MODEL.pairing);
    expect(model.waitingPerWeek).toBe(DEFAULT_MODEL.waitingPerWeek);
  });

  it("describes the model so an operator can read it", () => {
    const text = describeModel(DEFAULT_MODEL);
    expect(text.split("\n")[0]).toBe("learned from 0 pieces of feedback");
    expect(text.split("\n")[1]).toBe("beenThrough: 2.00");
  });
});
