import { MinHeap } from "./min-heap.ts";
import { grown } from "./typed-arrays.ts";

/**
 * Successive shortest paths with Dijkstra on reduced costs: an exact min-cost flow for small networks, used to
 * measure the engine against the true optimum. Stops when the next path would not lower the cost, so with
 * negative arc costs it finds the cheapest flow of any size (the heaviest matching, for negated weights).
 */
export class FlowNetwork {
  private readonly head: Int32Array;
  private next = new Int32Array(0);
  private target = new Int32Array(0);
  private room = new Float64Array(0);
  private cost = new Float64Array(0);
  private arcs = 0;

  constructor(readonly nodes: number) {
    this.head = new Int32Array(nodes).fill(-1);
  }

  /** Adds an arc and its residual twin; returns the arc's index. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (this.arcs + 2 > this.target.length) this.grow(Math.max(64, this.target.length * 2));
    const arc = this.arcs;
    this.link(arc, from, to, capacity, cost);
    this.link(arc + 1, to, from, 0, -cost);
    this.arcs += 2;
    return arc;
  }

  flowOn(arc: number): number {
    return this.room[arc + 1] ?? 0;
  }

  /**
   * Pushes flow from `source` to `sink` along cheapest paths while they cost less than zero. `potential` must
   * make every reduced cost of an arc with room non-negative (e.g. shortest distances from the source).
   */
  cheapestFlow(
    source: number,
    sink: number,
    potential: Float64Array,
  ): { readonly flow: number; readonly cost: number } {
    const n = this.nodes;
    const distance = new Float64Array(n);
    const via = new Int32Array(n);
    const done = new Uint8Array(n);
    const heap = new MinHeap(n * 4);
    let flow = 0;
    let total = 0;
    for (;;) {
      distance.fill(Infinity);
      done.fill(0);
      via.fill(-1);
      distance[source] = 0;
      heap.clear();
      heap.push(source, 0);
      while (heap.size > 0) {
        const u = heap.pop();
        if (done[u] === 1) continue;
        done[u] = 1;
        if (u === sink) break;
        const du = distance[u] ?? 0;
        for (let arc = this.head[u] ?? -1; arc >= 0; arc = this.next[arc] ?? -1) {
          if ((this.room[arc] ?? 0) <= 0) continue;
          const v = this.target[arc] ?? 0;
          const reduced = Math.max(0, (this.cost[arc] ?? 0) + (potential[u] ?? 0) - (potential[v] ?? 0));
          if (du + reduced < (distance[v] ?? Infinity)) {
            distance[v] = du + reduced;
            via[v] = arc;
            heap.push(v, du + reduced);
          }
        }
      }
      if (done[sink] !== 1) break;
      const reach = distance[sink] ?? 0;
      // Nodes not settled before the sink keep valid potentials if raised by the sink's distance.
      for (let v = 0; v < n; v++)
        potential[v] = (potential[v] ?? 0) + (done[v] === 1 ? (distance[v] ?? 0) : reach);
      const pathCost = (potential[sink] ?? 0) - (potential[source] ?? 0);
      if (pathCost >= -1e-12) break;
      let push = Infinity;
      for (let v = sink; v !== source; v = this.target[(via[v] ?? 0) ^ 1] ?? 0)
        push = Math.min(push, this.room[via[v] ?? 0] ?? 0);
      for (let v = sink; v !== source; v = this.target[(via[v] ?? 0) ^ 1] ?? 0) {
        const arc = via[v] ?? 0;
        this.room[arc] = (this.room[arc] ?? 0) - push;
        this.room[arc ^ 1] = (this.room[arc ^ 1] ?? 0) + push;
      }
      flow += push;
      total += push * pathCost;
    }
    return { flow, cost: total };
  }

  private link(arc: number, from: number, to: number, capacity: number, cost: number): void {
    this.target[arc] = to;
    this.room[arc] = capacity;
    this.cost[arc] = cost;
    this.next[arc] = this.head[from] ?? -1;
    this.head[from] = arc;
  }

  private grow(size: number): void {
    this.next = grown(this.next, size);
    this.target = grown(this.target, size);
    this.room = grown(this.room, size);
    this.cost = grown(this.cost, size);
  }
}
