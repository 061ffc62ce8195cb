import { EdgeLayout, type LayoutArrays } from "./edge-layout.ts";
import { grown } from "./typed-arrays.ts";

/**
 * Slot state layout, 64 bytes a slot so a search reads one cache line per slot: room left, lightest matched
 * edge, its other end, its weight, the heaviest edge's weight, then three fields the path search keeps there.
 */
export const STATE = 8;
export const WEAK_EDGE = 1;
export const WEAK_OTHER = 2;
export const WEAK_WEIGHT = 3;
export const HEAVIEST = 4;
/** The first of the path search's own fields (augmenting-paths.ts). */
export const SEARCH_FIELDS = 5;

/** A graph and its assignment in shared memory: a helper thread searches paths on it (paths-job.ts). */
export interface SharedGraph extends LayoutArrays {
  readonly used: Int32Array;
  readonly capacity: Int32Array;
  readonly state: Float64Array;
}

/**
 * The candidate graph (edge-layout.ts) and the assignment on it: which edges are matched, and per slot how much
 * room is left and which matched edge is the lightest, kept side by side for the searches.
 */
export class MatchGraph extends EdgeLayout {
  used: Int32Array = new Int32Array(0);
  capacity: Int32Array = new Int32Array(0);
  /** Per slot, together: see STATE. */
  state: Float64Array = new Float64Array(0);
  /** Called with each end of an edge just before its matched state changes (the matcher's change log). */
  beforeChange: ((slot: number) => void) | null = null;

  constructor(slots: number, edges: number) {
    super(slots, edges);
    this.growSlots(Math.max(1, slots));
  }

  /**
   * The laid-out graph for a helper thread's path search: edges, layout and capacities as they are, the assignment
   * and slot state as copies (in shared memory, like every engine array), which the helper changes and
   * `adoptAssignment` takes back.
   */
  forHelper(): SharedGraph {
    const slots = this.used.length;
    return {
      ...this.layoutForHelper(),
      used: grown(this.used, slots),
      capacity: this.capacity,
      state: grown(this.state, slots * STATE),
    };
  }

  /** A graph over a copy's arrays (a helper thread's): it may change matches, never edges or capacities. */
  static over(shared: SharedGraph): MatchGraph {
    const graph = new MatchGraph(1, 16);
    graph.adoptLayout(shared);
    graph.used = shared.used;
    graph.capacity = shared.capacity;
    graph.state = shared.state;
    return graph;
  }

  /** Takes the assignment (and the searches' per-slot state) back from the copies a helper thread changed. */
  adoptAssignment(shared: SharedGraph): void {
    this.adoptMatches(shared);
    this.used.set(shared.used);
    this.state.set(shared.state);
  }

  get slots(): number {
    return this.used.length;
  }

  hasRoom(slot: number): boolean {
    return (this.state[slot * STATE] ?? 0) > 0;
  }

  /** The lightest matched edge at the slot, or -1. */
  weakest(slot: number): number {
    return this.state[slot * STATE + WEAK_EDGE] ?? -1;
  }

  heaviestAt(slot: number): number {
    return this.state[slot * STATE + HEAVIEST] ?? 0;
  }

  protected setHeaviest(slot: number, weight: number): void {
    this.state[slot * STATE + HEAVIEST] = weight;
  }

  setCapacity(slot: number, capacity: number): void {
    if (slot >= this.used.length) this.growSlots(Math.max(slot + 1, this.used.length * 2));
    this.capacity[slot] = capacity;
    this.state[slot * STATE] = capacity - (this.used[slot] ?? 0);
  }

  /** Removes every edge at the slot, unmatching first. */
  isolate(slot: number): void {
    while ((this.end[slot] ?? 0) > (this.start[slot] ?? 0)) {
      const edge = this.edgeAt[this.start[slot] ?? 0] ?? 0;
      if (this.matched[edge] === 1) this.unmatch(edge);
      this.dropEdge(edge);
    }
  }

  match(edge: number): void {
    this.notify(edge);
    this.setMatched(edge, 1);
    this.touch(this.from[edge] ?? 0, 1);
    this.touch(this.to[edge] ?? 0, 1);
  }

  unmatch(edge: number): void {
    this.notify(edge);
    this.setMatched(edge, 0);
    this.touch(this.from[edge] ?? 0, -1);
    this.touch(this.to[edge] ?? 0, -1);
  }

  /** Greedy's bulk matching: counts only; call `refreshWeakest` once afterwards. */
  matchQuietly(edge: number): void {
    this.setMatched(edge, 1);
    for (const slot of [this.from[edge] ?? 0, this.to[edge] ?? 0]) {
      this.used[slot] = (this.used[slot] ?? 0) + 1;
      this.state[slot * STATE] = (this.state[slot * STATE] ?? 0) - 1;
    }
  }

  refreshWeakest(): void {
    for (let slot = 0; slot < this.used.length; slot++) this.touch(slot, 0);
  }

  totalWeight(): number {
    let total = 0;
    for (let e = 0; e < this.edgeCount; e++) if (this.matched[e] === 1) total += this.weight[e] ?? 0;
    return total;
  }

  private notify(edge: number): void {
    if (this.beforeChange === null) return;
    this.beforeChange(this.from[edge] ?? 0);
    this.beforeChange(this.to[edge] ?? 0);
  }

  /** Recounts the slot's room and finds its lightest matched edge (matched edges are always laid out). */
  private touch(slot: number, delta: number): void {
    const used = (this.used[slot] ?? 0) + delta;
    this.used[slot] = used;
    let lightest = -1;
    let other = -1;
    let lightestWeight = Infinity;
    // Matched edges are few (a member's capacity), so the exact weights are cheap to read here.
    for (let k = this.start[slot] ?? 0, end = this.end[slot] ?? 0; k < end; k++) {
      if (this.matchedAt[k] !== 1) continue;
      const edge = this.edgeAt[k] ?? -1;
      const weight = this.weight[edge] ?? 0;
      if (weight < lightestWeight) {
        lightest = edge;
        other = this.otherAt[k] ?? -1;
        lightestWeight = weight;
      }
    }
    const at = slot * STATE;
    this.state[at] = (this.capacity[slot] ?? 0) - used;
    this.state[at + WEAK_EDGE] = lightest;
    this.state[at + WEAK_OTHER] = other;
    this.state[at + WEAK_WEIGHT] = lightest < 0 ? 0 : lightestWeight;
  }

  private growSlots(n: number): void {
    this.growSegments(n);
    this.used = grown(this.used, n);
    this.capacity = grown(this.capacity, n);
    const old = this.state.length / STATE;
    this.state = grown(this.state, n * STATE);
    for (let slot = old; slot < n; slot++) this.state[slot * STATE + WEAK_EDGE] = -1;
  }
}
