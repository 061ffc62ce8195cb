import { FlowNetwork } from "./min-cost-flow.ts";

export interface WeightedEdge {
  readonly left: number;
  readonly right: number;
  readonly weight: number;
}

/**
 * The heaviest assignment of left to right nodes under capacities, exactly (min-cost flow); for mentor
 * matching, where one side is small. Returns the indices of the chosen edges, in input order.
 */
export function heaviestAssignment(
  leftCapacity: readonly number[],
  rightCapacity: readonly number[],
  edges: readonly WeightedEdge[],
): number[] {
  const left = leftCapacity.length;
  const right = rightCapacity.length;
  const source = 0;
  const sink = 1;
  const network = new FlowNetwork(2 + left + right);
  leftCapacity.forEach((capacity, i) => capacity > 0 && network.addArc(source, 2 + i, capacity, 0));
  rightCapacity.forEach((capacity, j) => capacity > 0 && network.addArc(2 + left + j, sink, capacity, 0));
  // Shortest distances from the source as starting potentials: 0 on the left, the best incoming −weight on the right.
  const potential = new Float64Array(2 + left + right);
  const arcs = edges.map((edge) => {
    if (edge.weight <= 0) return -1;
    const node = 2 + left + edge.right;
    potential[node] = Math.min(potential[node] ?? 0, -edge.weight);
    return network.addArc(2 + edge.left, node, 1, -edge.weight);
  });
  for (let j = 0; j < right; j++)
    potential[sink] = Math.min(potential[sink] ?? 0, potential[2 + left + j] ?? 0);
  network.cheapestFlow(source, sink, potential);
  return arcs.flatMap((arc, i) => (arc >= 0 && network.flowOn(arc) > 0 ? [i] : []));
}
