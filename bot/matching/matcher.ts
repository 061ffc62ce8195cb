import type { PathLimits } from "./augmenting-paths.ts";
import type { SearchLimits } from "./candidate-search.ts";
import { buildEngine, type Engine, type MatchStage } from "./engine.ts";
import { applyChange, type PopulationChange } from "./incremental-update.ts";
import { planOf, type MatchPlan, type PlanChange } from "./plan.ts";
import { DEFAULT_MODEL, type ScoreModel } from "./score-model.ts";
import type { Population } from "./types.ts";

export type { MatchStage } from "./engine.ts";
export type { PopulationChange } from "./incremental-update.ts";

export interface MatcherOptions {
  readonly now: Date;
  /** Decides every tie and every order, so a run is the same for the same seed. */
  readonly seed?: number;
  readonly model?: ScoreModel;
  readonly search?: Partial<SearchLimits>;
  readonly paths?: Partial<PathLimits>;
  /**
   * Rounds of pair swaps after a full run's path search (each stops early once nothing improves). None by
   * default: with 64 members scanned per member, alternating paths alone pass the quality target, and a round of
   * swaps would take a sixth of a full run at 100,000 members. An update's local repair always swaps once around
   * what changed, which costs little.
   */
  readonly swapPasses?: number;
  /**
   * Communities of at least this many members link on two threads (a helper thread takes half the members);
   * the plan is the same either way. Infinity keeps every run on the calling thread.
   */
  readonly helperFrom?: number;
  /** Told as each stage of a full run ends, for the benchmark's timings. */
  readonly onStage?: (stage: MatchStage) => void;
}

export const DEFAULT_SEARCH: SearchLimits = { scan: 64, keep: 10 };
/** Below this, starting and feeding the helper thread costs about what it saves. */
export const DEFAULT_HELPER_FROM = 20_000;
export const DEFAULT_PATHS: PathLimits = { depth: 6, budget: 400, beam: 3 };

/**
 * The matching engine: candidates from the experience × language index, a greedy assignment under capacities,
 * then alternating paths and pair swaps (engine.ts). `update` re-links only the members that changed and
 * repairs the assignment around them (incremental-update.ts), so a new member gets a suggestion without
 * re-running the whole community.
 */
export class Matcher {
  private readonly engine: Engine;

  constructor(population: Population, options: MatcherOptions) {
    const settings = {
      now: options.now,
      seed: options.seed ?? 0,
      model: options.model ?? DEFAULT_MODEL,
      search: { ...DEFAULT_SEARCH, ...options.search },
      paths: { ...DEFAULT_PATHS, ...options.paths },
      swapPasses: options.swapPasses ?? 0,
      helperFrom: options.helperFrom ?? DEFAULT_HELPER_FROM,
    };
    this.engine = buildEngine(population, settings, options.onStage ?? ((): void => undefined));
  }

  /** Every suggestion of the current assignment, and who is still waiting. */
  plan(): MatchPlan {
    return planOf(this.engine.table, this.engine.graph, this.engine.worded);
  }

  /** Applies the change, repairs the assignment near it, and says which pairs left and joined the plan. */
  update(change: PopulationChange): PlanChange {
    this.engine.worded = undefined;
    return applyChange(this.engine, change);
  }
}
