import { PathSearch, type PathLimits } from "./augmenting-paths.ts";
import { MatchGraph, type SharedGraph } from "./match-graph.ts";
import { sharedArray } from "./typed-arrays.ts";

/**
 * A full run's alternating-path search handed to the helper thread (link-helper.ts) on a shared copy of the graph,
 * so the main thread meanwhile words the pairs matched in it so far (most of which the paths keep). The search is
 * the one the main thread would run, on the same graph: the assignment it leaves is the same.
 */
export interface PathsJob {
  readonly kind: "paths";
  readonly graph: SharedGraph;
  readonly roots: Int32Array;
  readonly limits: PathLimits;
  /** [1 when done, 1 if the helper failed, searches so far (its sign of life), the search's rounds at the end]. */
  readonly control: Int32Array;
}

export const P_DONE = 0;
export const P_FAILED = 1;
export const P_PROGRESS = 2;
export const P_ROUNDS = 3;
/** Searches between two signs of life. */
const TICKS = 256;

export function newPathsJob(graph: SharedGraph, roots: Int32Array, limits: PathLimits): PathsJob {
  return {
    kind: "paths",
    graph,
    roots,
    limits,
    control: sharedArray(Int32Array, 4),
  };
}

/** The helper thread's part: the whole search, on the shared graph. */
export function searchPaths(job: PathsJob): void {
  const search = new PathSearch(MatchGraph.over(job.graph), job.limits);
  let searches = 0;
  search.improveAll(job.roots, () => {
    if (++searches % TICKS !== 0) return;
    Atomics.add(job.control, P_PROGRESS, 1);
    Atomics.notify(job.control, P_PROGRESS);
  });
  Atomics.store(job.control, P_ROUNDS, search.rounds);
  Atomics.store(job.control, P_DONE, 1);
  Atomics.add(job.control, P_PROGRESS, 1);
  Atomics.notify(job.control, P_PROGRESS);
}
