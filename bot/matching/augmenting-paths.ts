import { EPSILON } from "./assignment.ts";
import {
  HEAVIEST,
  SEARCH_FIELDS,
  STATE,
  WEAK_EDGE,
  WEAK_OTHER,
  WEAK_WEIGHT,
  type MatchGraph,
} from "./match-graph.ts";

/** The search's per-slot fields, kept in the graph's slot state (match-graph.ts): on the path, label round, label. */
const ON_PATH = SEARCH_FIELDS;
const ROUND = SEARCH_FIELDS + 1;
const LABEL = SEARCH_FIELDS + 2;

export interface PathLimits {
  /** Hand-overs in one path. */
  readonly depth: number;
  /** Edges looked at per search, so one crowded neighbourhood cannot take all the time. */
  readonly budget: number;
  /** Hand-overs followed from each member on the path, most promising first. */
  readonly beam: number;
}

/**
 * Improves an assignment with alternating paths from members who still have room: take an edge to a partner,
 * who gives up their weakest pairing, whose former partner takes another edge, and so on, ending at someone
 * with room or someone simply let go. The best path found is applied if it gains. This is the move of the
 * exact algorithms (Hungarian, min-cost flow), bounded so it stays linear: at most `depth` hand-overs, only the
 * `beam` most promising from each member, `budget` edges per search; a label per member (the best gain seen
 * arriving there) prunes paths that arrive worse.
 */
export class PathSearch {
  private round = 0;
  private spent = 0;
  private bestGain = 0;
  /** The best path found so far in this search: added and removed edges, alternating. */
  private readonly bestPath: Int32Array;
  private bestLength = 0;
  private readonly path: Int32Array;
  private pathLength = 0;
  private readonly kids: Float64Array[];

  constructor(
    private readonly graph: MatchGraph,
    private readonly limits: PathLimits,
  ) {
    this.path = new Int32Array(2 * limits.depth + 2);
    this.bestPath = new Int32Array(2 * limits.depth + 4);
    this.kids = Array.from({ length: limits.depth + 1 }, () => new Float64Array(4 * limits.beam));
  }

  /** Searches run so far; each has its own round number in the slots' labels. */
  get rounds(): number {
    return this.round;
  }

  /** Goes on numbering after searches another instance ran on this graph (a helper thread's), as if it had run them. */
  continueAfter(rounds: number): void {
    this.round = Math.max(this.round, rounds);
  }

  /**
   * Searches from every slot with room (in the given order), and again near each change, until nothing gains.
   * `tick` is told after each search (a helper thread's sign of life).
   */
  improveAll(slots: ArrayLike<number>, tick?: () => void): void {
    const g = this.graph;
    const queued = new Uint8Array(g.slots);
    const queue: number[] = [];
    const enqueue = (slot: number): void => {
      if (queued[slot] === 1 || !g.hasRoom(slot) || (g.start[slot] ?? 0) === (g.end[slot] ?? 0)) return;
      queued[slot] = 1;
      queue.push(slot);
    };
    for (let i = 0; i < slots.length; i++) enqueue(slots[i] ?? 0);
    for (let head = 0; head < queue.length; head++) {
      const root = queue[head] ?? 0;
      queued[root] = 0;
      const gained = this.augmentFrom(root);
      tick?.();
      if (!gained) continue;
      for (let i = 0; i < this.bestLength; i++) {
        const edge = this.bestPath[i] ?? 0;
        for (let side = 0; side < 2; side++) {
          const end = (side === 0 ? g.from[edge] : g.to[edge]) ?? 0;
          enqueue(end);
          for (let k = g.start[end] ?? 0, stop = g.end[end] ?? 0; k < stop; k++) enqueue(g.otherAt[k] ?? 0);
        }
      }
    }
  }

  private augmentFrom(root: number): boolean {
    if (!this.graph.hasRoom(root)) return false;
    this.round++;
    this.spent = 0;
    this.bestGain = EPSILON;
    this.bestLength = 0;
    this.pathLength = 0;
    const state = this.graph.state;
    state[root * STATE + ON_PATH] = 1;
    this.extend(root, 0, 1);
    state[root * STATE + ON_PATH] = 0;
    // The search added up single-precision weights: apply the path only if it gains exactly.
    if (this.bestLength === 0 || this.exactGain() <= EPSILON) return false;
    // Added and removed edges alternate along the path.
    for (let i = 0; i < this.bestLength; i++) {
      const edge = this.bestPath[i] ?? 0;
      if (i % 2 === 0) this.graph.match(edge);
      else this.graph.unmatch(edge);
    }
    return true;
  }

  private extend(x: number, gain: number, depth: number): void {
    const g = this.graph;
    const state = g.state;
    const beam = this.limits.beam;
    // The `beam` most promising hand-overs from x, best first: [gain after, edge, dropped edge, freed slot].
    const kids = this.kids[depth] ?? new Float64Array(0);
    let count = 0;
    const end = g.end[x] ?? 0;
    for (let k = g.start[x] ?? 0; k < end; k++) {
      this.spent++;
      const y = g.otherAt[k] ?? 0;
      if (g.matchedAt[k] === 1 || state[y * STATE + ON_PATH] === 1) continue;
      const withEdge = gain + (g.weightAt[k] ?? 0);
      const ys = y * STATE;
      if ((state[ys] ?? 0) > 0) {
        if (withEdge > this.bestGain) this.record(withEdge, g.edgeAt[k] ?? 0, -1);
        continue;
      }
      const drop = state[ys + WEAK_EDGE] ?? -1;
      if (drop < 0) continue;
      const z = state[ys + WEAK_OTHER] ?? 0;
      const zs = z * STATE;
      if (state[zs + ON_PATH] === 1) continue;
      const handedOver = withEdge - (state[ys + WEAK_WEIGHT] ?? 0);
      if (handedOver > this.bestGain) this.record(handedOver, g.edgeAt[k] ?? 0, drop);
      if (depth >= this.limits.depth || handedOver + (state[zs + HEAVIEST] ?? 0) <= this.bestGain) continue;
      if (state[zs + ROUND] === this.round && (state[zs + LABEL] ?? 0) >= handedOver) continue;
      state[zs + ROUND] = this.round;
      state[zs + LABEL] = handedOver;
      let at = Math.min(count, beam);
      while (at > 0 && (kids[(at - 1) * 4] ?? 0) < handedOver) at--;
      if (at >= beam) continue;
      kids.copyWithin((at + 1) * 4, at * 4, Math.min(count, beam - 1) * 4);
      kids[at * 4] = handedOver;
      kids[at * 4 + 1] = g.edgeAt[k] ?? 0;
      kids[at * 4 + 2] = drop;
      kids[at * 4 + 3] = z;
      count = Math.min(count + 1, beam);
    }
    for (let i = 0; i < count; i++) {
      if (this.spent > this.limits.budget) return;
      const handedOver = kids[i * 4] ?? 0;
      const e = kids[i * 4 + 1] ?? 0;
      const drop = kids[i * 4 + 2] ?? 0;
      const z = kids[i * 4 + 3] ?? 0;
      const y = g.other(e, x);
      if (handedOver + (state[z * STATE + HEAVIEST] ?? 0) <= this.bestGain) continue;
      state[y * STATE + ON_PATH] = 1;
      state[z * STATE + ON_PATH] = 1;
      this.path[this.pathLength++] = e;
      this.path[this.pathLength++] = drop;
      this.extend(z, handedOver, depth + 1);
      this.pathLength -= 2;
      state[y * STATE + ON_PATH] = 0;
      state[z * STATE + ON_PATH] = 0;
    }
  }

  private exactGain(): number {
    let gain = 0;
    for (let i = 0; i < this.bestLength; i++) {
      const weight = this.graph.weight[this.bestPath[i] ?? 0] ?? 0;
      gain += i % 2 === 0 ? weight : -weight;
    }
    return gain;
  }

  private record(gain: number, add: number, drop: number): void {
    this.bestGain = gain;
    this.bestPath.set(this.path.subarray(0, this.pathLength));
    let length = this.pathLength;
    this.bestPath[length++] = add;
    if (drop >= 0) this.bestPath[length++] = drop;
    this.bestLength = length;
  }
}
