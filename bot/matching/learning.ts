import { FEATURES, featuresFrom, featureVector, type Features, type ScoreModel } from "./score-model.ts";

/** One ended pairing: the features it was suggested with, and whether the members said it helped. */
export interface FeedbackExample {
  readonly features: Features;
  readonly helpful: boolean;
}

export interface LearningOptions {
  /** How strongly the weights are pulled back to the prior: about how many examples the prior is worth. */
  readonly priorStrength?: number;
  readonly iterations?: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The model's estimate that a pairing with these features helps. */
export function helpfulProbability(model: ScoreModel, features: Features): number {
  let z = model.bias;
  for (const name of FEATURES) z += model.weights[name] * features[name];
  return sigmoid(z);
}

/**
 * Fits the feature weights by logistic regression on all feedback, shrunk towards `prior` (the defaults), so
 * with little feedback the weights stay near the defaults and with much they follow the data. Weights stay
 * non-negative: more of a good thing never counts against a pairing. Full-batch projected gradient descent with
 * a fixed step and iteration count, so the same feedback always gives the same model.
 */
export function learnModel(
  prior: ScoreModel,
  examples: readonly FeedbackExample[],
  options: LearningOptions = {},
): ScoreModel {
  const strength = options.priorStrength ?? 20;
  const iterations = options.iterations ?? 500;
  const k = FEATURES.length;
  const start = featureVector(prior.weights);
  const weights = Float64Array.from(start);
  let bias = prior.bias;
  const xs = examples.map((e) => featureVector(e.features));
  const ys = examples.map((e) => (e.helpful ? 1 : 0));
  // The log-loss gradient is Lipschitz with constant ≤ n·(1 + k)/4 (features in [0, 1]); the prior adds `strength`.
  const step = 1 / ((examples.length * (1 + k)) / 4 + strength);
  const gradient = new Float64Array(k);
  for (let iteration = 0; iteration < iterations; iteration++) {
    gradient.fill(0);
    let biasGradient = strength * (bias - prior.bias);
    for (let j = 0; j < k; j++) gradient[j] = strength * ((weights[j] ?? 0) - (start[j] ?? 0));
    xs.forEach((x, i) => {
      let z = bias;
      for (let j = 0; j < k; j++) z += (weights[j] ?? 0) * (x[j] ?? 0);
      const error = sigmoid(z) - (ys[i] ?? 0);
      biasGradient += error;
      for (let j = 0; j < k; j++) gradient[j] = (gradient[j] ?? 0) + error * (x[j] ?? 0);
    });
    bias -= step * biasGradient;
    for (let j = 0; j < k; j++) weights[j] = Math.max(0, (weights[j] ?? 0) - step * (gradient[j] ?? 0));
  }
  return { ...prior, weights: featuresFrom(weights), bias, examples: prior.examples + examples.length };
}

/**
 * One piece of feedback applied at once (a single gradient step), for a model that learns as pairings end;
 * `learnModel` over all feedback is the careful version, run on a schedule.
 */
export function learnFromFeedback(model: ScoreModel, example: FeedbackExample, rate = 0.1): ScoreModel {
  const error = helpfulProbability(model, example.features) - (example.helpful ? 1 : 0);
  const weights = FEATURES.map((name) =>
    Math.max(0, model.weights[name] - rate * error * example.features[name]),
  );
  return {
    ...model,
    weights: featuresFrom(weights),
    bias: model.bias - rate * error,
    examples: model.examples + 1,
  };
}

/** The weights as an operator reads them, heaviest first. */
export function describeModel(model: ScoreModel): string {
  const lines = FEATURES.map((name) => [name, model.weights[name]] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([name, weight]) => `${name}: ${weight.toFixed(2)}`);
  return [
    `learned from ${model.examples} pieces of feedback`,
    ...lines,
    `per pairing: ${model.pairing.toFixed(2)}, per week waited: ${model.waitingPerWeek.toFixed(2)}`,
  ].join("\n");
}
