import { CandidateIndex } from "./candidate-index.ts";
import { CandidateSearch, type SearchLimits } from "./candidate-search.ts";
import { PairEvaluator } from "./pair-evaluator.ts";
import type { ScoreModel } from "./score-model.ts";
import { SharedTableView, type SharedTable } from "./shared-table.ts";
import { sharedArray, sharedInts } from "./typed-arrays.ts";

/**
 * Linking split between the main thread and a helper thread: the pool is cut into chunks, each thread takes the
 * next chunk from a shared counter and writes its members' best partners into shared result arrays. A member's
 * partners depend only on the table, so whoever links a chunk writes the same values, and the main thread adds
 * the edges in pool order afterwards: the plan is the same as linking on one thread.
 */
export interface LinkJob {
  readonly kind: "link";
  readonly table: SharedTable;
  /** The slots to link, ascending. */
  readonly pool: Int32Array;
  readonly model: ScoreModel;
  readonly limits: SearchLimits;
  /** Pool entries per chunk. */
  readonly chunk: number;
  /** [next chunk to take, chunks done, 1 if the helper failed]. */
  readonly control: Int32Array;
  /** Per chunk: 0 free, 1 taken, 2 done. */
  readonly chunkState: Int32Array;
  /** Pool entry i's partners are found[i × keep …] with scores beside them, counts[i] of them. */
  readonly counts: Int32Array;
  readonly found: Int32Array;
  readonly scores: Float64Array;
}

export const NEXT = 0;
export const DONE = 1;
export const FAILED = 2;
const TAKEN = 1;
const FINISHED = 2;

export function newLinkJob(
  table: SharedTable,
  pool: readonly number[],
  model: ScoreModel,
  limits: SearchLimits,
  chunk: number,
): LinkJob {
  const chunks = Math.ceil(pool.length / chunk);
  return {
    kind: "link",
    table,
    pool: sharedInts(pool),
    model,
    limits,
    chunk,
    control: sharedArray(Int32Array, 3),
    chunkState: sharedArray(Int32Array, chunks),
    counts: sharedArray(Int32Array, pool.length),
    found: sharedArray(Int32Array, pool.length * limits.keep),
    scores: sharedArray(Float64Array, pool.length * limits.keep),
  };
}

export const chunksOf = (job: LinkJob): number => Math.ceil(job.pool.length / job.chunk);

/** Links chunk `c`'s members with `search` and writes their partners into the job's results. */
export function linkChunk(job: LinkJob, c: number, search: CandidateSearch): void {
  const keep = job.limits.keep;
  const end = Math.min(job.pool.length, (c + 1) * job.chunk);
  for (let i = c * job.chunk; i < end; i++) {
    const found = search.search(job.pool[i] ?? 0);
    for (let k = 0; k < found; k++) {
      job.found[i * keep + k] = search.found[k] ?? 0;
      job.scores[i * keep + k] = search.scores[k] ?? 0;
    }
    job.counts[i] = found;
  }
}

/** Takes chunks until none is left and says how many it took; `wake` tells a waiting thread after each one. */
export function takeChunks(job: LinkJob, search: CandidateSearch, wake: boolean): number {
  const chunks = chunksOf(job);
  let taken = 0;
  for (let c = Atomics.add(job.control, NEXT, 1); c < chunks; c = Atomics.add(job.control, NEXT, 1)) {
    taken++;
    Atomics.store(job.chunkState, c, TAKEN);
    linkChunk(job, c, search);
    Atomics.store(job.chunkState, c, FINISHED);
    Atomics.add(job.control, DONE, 1);
    if (wake) Atomics.notify(job.control, DONE);
  }
  return taken;
}

/** Links the chunks some thread took but did not finish (after the helper failed or stalled). */
export function finishAbandoned(job: LinkJob, search: CandidateSearch): void {
  for (let c = 0; c < chunksOf(job); c++) {
    if (Atomics.load(job.chunkState, c) === FINISHED) continue;
    linkChunk(job, c, search);
    Atomics.store(job.chunkState, c, FINISHED);
  }
}

/** The helper thread's part: its own index and search over the shared table, then chunks until none is left. */
export function helpWith(job: LinkJob): void {
  // Nothing left to take (the main thread was quicker): skip building the view.
  if (Atomics.load(job.control, NEXT) >= chunksOf(job)) return;
  const view = new SharedTableView(job.table);
  const index = CandidateIndex.overPacked(view, job.table.index);
  const search = new CandidateSearch(view, index, new PairEvaluator(view, job.model), job.limits);
  takeChunks(job, search, true);
}
