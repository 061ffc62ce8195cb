import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { describeModel, learnModel, type FeedbackExample } from "../matching/learning.ts";
import { DEFAULT_MODEL, type ScoreModel } from "../matching/score-model.ts";
import { allPairings, outcomeOf } from "./pairings-store.ts";

/**
 * The weights matching uses now: fitted from the defaults over every ended pairing's stored features, "helped"
 * against "not helped" (neutral endings teach nothing). The same feedback always gives the same weights.
 */
export async function matchingModel(db: Kysely<Database>): Promise<ScoreModel> {
  const examples: FeedbackExample[] = [];
  for (const pairing of await allPairings(db, "ended")) {
    const outcome = outcomeOf(pairing);
    if (pairing.features === null || outcome === "ended-neutral") continue;
    examples.push({ features: pairing.features, helpful: outcome === "ended-well" });
  }
  return examples.length === 0 ? DEFAULT_MODEL : learnModel(DEFAULT_MODEL, examples);
}

/** For operators: the learned weights in words, heaviest first. */
export async function describeMatchingModel(db: Kysely<Database>): Promise<string> {
  return describeModel(await matchingModel(db));
}
