import { MemberTable } from "./member-table.ts";
import { FlowNetwork } from "./min-cost-flow.ts";
import { PairEvaluator } from "./pair-evaluator.ts";
import { MemoryPairHistory } from "./pair-history.ts";
import { DEFAULT_MODEL, type ScoreModel } from "./score-model.ts";
import type { Population } from "./types.ts";

/**
 * The best total score any assignment could reach, over every valid pair (no candidate pruning), for measuring
 * the engine. Peer pairings form a general graph, not a bipartite one, so this solves the bipartite double
 * cover (every member once as "left", once as "right") by min-cost flow and halves it: the optimum of the
 * fractional relaxation, never below the true optimum. Quality measured against it is a lower bound on the
 * real quality. Quadratic in members: meant for samples of a few thousand.
 */
export function optimumUpperBound(
  population: Population,
  options: { readonly now: Date; readonly model?: ScoreModel },
): number {
  const history = new MemoryPairHistory(population.blocks, population.pairings);
  const table = new MemberTable(0, options.now, history, Math.max(64, population.members.length));
  for (const member of population.members) table.put(member);
  const evaluator = new PairEvaluator(table, options.model ?? DEFAULT_MODEL);
  const n = table.size;
  const network = new FlowNetwork(2 + 2 * n);
  const source = 0;
  const sink = 1;
  const potential = new Float64Array(2 + 2 * n);
  for (let i = 0; i < n; i++) {
    const room = table.available[i] === 1 ? (table.spare[i] ?? 0) : 0;
    if (room === 0) continue;
    network.addArc(source, 2 + i, room, 0);
    network.addArc(2 + n + i, sink, room, 0);
  }
  for (let i = 0; i < n; i++) {
    if (table.available[i] !== 1) continue;
    for (let j = i + 1; j < n; j++) {
      const score = evaluator.score(i, j);
      if (score <= 0) continue;
      network.addArc(2 + i, 2 + n + j, 1, -score);
      network.addArc(2 + j, 2 + n + i, 1, -score);
      // Shortest distances from the source, as starting potentials: source → left (0) → right (−score).
      potential[2 + n + j] = Math.min(potential[2 + n + j] ?? 0, -score);
      potential[2 + n + i] = Math.min(potential[2 + n + i] ?? 0, -score);
    }
  }
  let lowest = 0;
  for (let i = 0; i < n; i++) lowest = Math.min(lowest, potential[2 + n + i] ?? 0);
  potential[sink] = lowest;
  return -network.cheapestFlow(source, sink, potential).cost / 2;
}
