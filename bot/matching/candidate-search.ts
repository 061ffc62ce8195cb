import type { CandidateIndex } from "./candidate-index.ts";
import type { TableView } from "./table-view.ts";
import type { PairEvaluator } from "./pair-evaluator.ts";

export interface SearchLimits {
  /** Members looked at per member (spread over their experience × language buckets). */
  readonly scan: number;
  /** Best partners kept per member; the graph is the union of everyone's kept partners. */
  readonly keep: number;
}

/** Finds each member's best-scoring partners among a bounded scan of the index. */
export class CandidateSearch {
  readonly found: Int32Array;
  readonly scores: Float64Array;
  private seen = new Int32Array(0);
  private round = 0;
  private count = 0;
  private current = 0;

  constructor(
    private readonly table: TableView,
    private readonly index: CandidateIndex,
    private readonly evaluator: PairEvaluator,
    private readonly limits: SearchLimits,
  ) {
    this.found = new Int32Array(limits.keep);
    this.scores = new Float64Array(limits.keep);
  }

  /** Fills `found`/`scores` (best first) and returns how many partners were found. */
  search(slot: number): number {
    if (this.seen.length < this.table.size) {
      const grown = new Int32Array(Math.max(this.table.size, this.seen.length * 2));
      grown.set(this.seen);
      this.seen = grown;
    }
    this.round++;
    this.count = 0;
    this.current = slot;
    this.seen[slot] = this.round;
    const found = this.index.scanInto(slot, this.limits.scan);
    const candidates = this.index.found;
    for (let i = 0; i < found; i++) this.consider(candidates[i] ?? 0);
    return this.count;
  }

  private consider(other: number): void {
    if (this.seen[other] === this.round) return;
    this.seen[other] = this.round;
    const a = this.current;
    const score = this.evaluator.scoreBeforeHistory(a, other, true);
    if (score < 0) return;
    const keep = this.limits.keep;
    let at = this.count;
    // Insertion into the short sorted list; ties go to the seeded order, never to scan order.
    while (at > 0) {
      const above = this.scores[at - 1] ?? 0;
      if (above > score || (above === score && this.table.before(this.found[at - 1] ?? 0, other))) break;
      at--;
    }
    if (at >= keep || !this.evaluator.historyAllows(a, other)) return;
    for (let i = Math.min(this.count, keep - 1); i > at; i--) {
      this.found[i] = this.found[i - 1] ?? 0;
      this.scores[i] = this.scores[i - 1] ?? 0;
    }
    this.found[at] = other;
    this.scores[at] = score;
    if (this.count < keep) this.count++;
  }
}
