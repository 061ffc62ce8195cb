import { grown, sharedArray } from "./typed-arrays.ts";

/** Room a segment gets beyond its edges when it moves (a full layout packs segments tight: memory counts). */
const SLACK = 2;

/** A laid-out graph's arrays, each cut to what is in use: what a helper thread's copy of the graph holds. */
export interface LayoutArrays {
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float64Array;
  readonly matched: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly limit: Int32Array;
  readonly edgeAt: Int32Array;
  readonly otherAt: Int32Array;
  readonly weightAt: Float32Array;
  readonly matchedAt: Uint8Array;
  readonly edgeCount: number;
  readonly arenaSize: number;
}

/**
 * The edges of the candidate graph and their layout: each slot's edges sit in one contiguous segment of shared
 * arrays (`start[s]` to `end[s]`: edge, other end, weight, matched), so searches read neighbours in order
 * instead of chasing per-slot lists. Segments keep a little slack and move to the end of the arrays when they
 * outgrow it, so an incremental update costs what it touches, not the whole graph.
 */
export abstract class EdgeLayout {
  from: Int32Array = new Int32Array(0);
  to: Int32Array = new Int32Array(0);
  weight: Float64Array = new Float64Array(0);
  matched: Uint8Array = new Uint8Array(0);
  edgeCount = 0;
  private readonly freeEdges: number[] = [];

  start: Int32Array = new Int32Array(0);
  end: Int32Array = new Int32Array(0);
  private limit: Int32Array = new Int32Array(0);
  edgeAt: Int32Array = new Int32Array(0);
  otherAt: Int32Array = new Int32Array(0);
  /**
   * Each position's edge weight in single precision, for the searches' scans: half the memory of the exact
   * weights (which at 100,000 members is what keeps a run below the collector's external-memory trigger).
   * Whoever decides on a change checks it with the exact `weight`.
   */
  weightAt: Float32Array = new Float32Array(0);
  /** Whether the edge at each position is matched, beside the layout so scans read it in order. */
  matchedAt: Uint8Array = new Uint8Array(0);
  private arenaSize = 0;
  private laidOut = false;

  constructor(slots: number, edges: number) {
    this.growSegments(Math.max(1, slots));
    this.growEdges(Math.max(16, edges));
  }

  /**
   * The arrays for a helper thread (only after `layout`): the edges and their layout as they are (in shared
   * memory, and the helper only reads them), which edges are matched as copies (the helper changes those, and this
   * graph keeps its own until it takes the helper's back with `adoptMatches`).
   */
  protected layoutForHelper(): LayoutArrays {
    if (!this.laidOut) throw new Error("the graph is not laid out");
    const edges = this.edgeCount;
    const arena = this.arenaSize;
    return {
      from: this.from,
      to: this.to,
      weight: this.weight,
      matched: grown(this.matched, edges),
      start: this.start,
      end: this.end,
      limit: this.limit,
      edgeAt: this.edgeAt,
      otherAt: this.otherAt,
      weightAt: this.weightAt,
      matchedAt: grown(this.matchedAt, arena),
      edgeCount: edges,
      arenaSize: arena,
    };
  }

  /** Takes over a laid-out copy's arrays (a helper thread's graph, which then changes matches, never edges). */
  protected adoptLayout(arrays: LayoutArrays): void {
    this.from = arrays.from;
    this.to = arrays.to;
    this.weight = arrays.weight;
    this.matched = arrays.matched;
    this.start = arrays.start;
    this.end = arrays.end;
    this.limit = arrays.limit;
    this.edgeAt = arrays.edgeAt;
    this.otherAt = arrays.otherAt;
    this.weightAt = arrays.weightAt;
    this.matchedAt = arrays.matchedAt;
    this.edgeCount = arrays.edgeCount;
    this.arenaSize = arrays.arenaSize;
    this.laidOut = true;
  }

  /** Which edges are matched, back from a copy that changed them (`matched`, `matchedAt`). */
  protected adoptMatches(arrays: Pick<LayoutArrays, "matched" | "matchedAt">): void {
    this.matched.set(arrays.matched);
    this.matchedAt.set(arrays.matchedAt);
  }

  other(edge: number, slot: number): number {
    const a = this.from[edge] ?? -1;
    return a === slot ? (this.to[edge] ?? -1) : a;
  }

  addEdge(a: number, b: number, weight: number): number {
    const edge = this.freeEdges.pop() ?? this.edgeCount++;
    if (edge >= this.from.length) this.growEdges(this.from.length * 2);
    this.from[edge] = a;
    this.to[edge] = b;
    this.weight[edge] = weight;
    this.matched[edge] = 0;
    if (this.laidOut) {
      this.append(a, edge, b);
      this.append(b, edge, a);
    }
    return edge;
  }

  /**
   * Renumbers the edges so that edge i is `order[i]` (before the first layout, with every edge in `order`): a
   * full run then reads the edge arrays in order, not scattered, in the layout and the greedy pass that follow.
   */
  renumber(order: Int32Array): void {
    if (this.laidOut || this.freeEdges.length > 0 || order.length !== this.edgeCount)
      throw new Error("renumber needs a fresh graph and every edge");
    const n = order.length;
    // A gather per array through one scratch array: independent reads, which the memory system overlaps (an in-place
    // cycle walk chains them, and costs more than the scattered reads it saves).
    const scratch = new Float64Array(n);
    for (const array of [this.from, this.to, this.weight, this.matched]) {
      for (let i = 0; i < n; i++) scratch[i] = array[order[i] ?? 0] ?? 0;
      for (let i = 0; i < n; i++) array[i] = scratch[i] ?? 0;
    }
    for (let i = 0; i < n; i++) order[i] = i;
  }

  /** Lays every slot's edges out afresh, in `order` (heaviest first helps the searches prune early). */
  layout(order: ArrayLike<number>): void {
    const n = this.start.length;
    const degree = new Int32Array(n);
    for (let i = 0; i < order.length; i++) {
      const edge = order[i] ?? 0;
      const a = this.from[edge] ?? -1;
      if (a < 0) continue;
      const b = this.to[edge] ?? 0;
      degree[a] = (degree[a] ?? 0) + 1;
      degree[b] = (degree[b] ?? 0) + 1;
    }
    let size = 0;
    for (let slot = 0; slot < n; slot++) {
      this.start[slot] = size;
      this.end[slot] = size;
      size += degree[slot] ?? 0;
      this.limit[slot] = size;
    }
    this.arenaSize = size;
    // Headroom for the segments later updates move to the end (the arena grows if need be).
    this.edgeAt = sharedArray(Int32Array, size + (size >> 5) + 1024);
    this.otherAt = sharedArray(Int32Array, this.edgeAt.length);
    this.weightAt = sharedArray(Float32Array, this.edgeAt.length);
    this.matchedAt = sharedArray(Uint8Array, this.edgeAt.length);
    // `append` inlined for the bulk case: every segment is sized exactly, so nothing moves, and each slot's
    // heaviest weight is kept in a dense local array (8 bytes a slot, not the 64-byte slot state) until the end.
    const { from, to, weight, matched, end, edgeAt, otherAt, weightAt, matchedAt } = this;
    const heaviest = new Float64Array(n);
    for (let i = 0; i < order.length; i++) {
      const edge = order[i] ?? 0;
      const a = from[edge] ?? -1;
      if (a < 0) continue;
      const b = to[edge] ?? 0;
      const w = weight[edge] ?? 0;
      const m = matched[edge] ?? 0;
      const atA = end[a] ?? 0;
      end[a] = atA + 1;
      edgeAt[atA] = edge;
      otherAt[atA] = b;
      weightAt[atA] = w;
      matchedAt[atA] = m;
      if (w > (heaviest[a] ?? 0)) heaviest[a] = w;
      const atB = end[b] ?? 0;
      end[b] = atB + 1;
      edgeAt[atB] = edge;
      otherAt[atB] = a;
      weightAt[atB] = w;
      matchedAt[atB] = m;
      if (w > (heaviest[b] ?? 0)) heaviest[b] = w;
    }
    for (let slot = 0; slot < n; slot++) this.setHeaviest(slot, heaviest[slot] ?? 0);
    this.laidOut = true;
  }

  /**
   * The weight of the slot's heaviest laid-out edge (0 if none): the path search's optimistic bound on what a
   * slot can still add. Kept by the subclass beside the slot's other search state.
   */
  abstract heaviestAt(slot: number): number;
  protected abstract setHeaviest(slot: number, weight: number): void;

  edgeBetween(a: number, b: number): number {
    for (let k = this.start[a] ?? 0, end = this.end[a] ?? 0; k < end; k++)
      if (this.otherAt[k] === b) return this.edgeAt[k] ?? -1;
    return -1;
  }

  /** Takes an (unmatched) edge out of the layout and frees its ID. */
  protected dropEdge(edge: number): void {
    const a = this.from[edge] ?? 0;
    const b = this.to[edge] ?? 0;
    this.detach(a, this.positionOf(a, edge));
    this.detach(b, this.positionOf(b, edge));
    this.from[edge] = -1;
    this.to[edge] = -1;
    this.freeEdges.push(edge);
  }

  protected setMatched(edge: number, value: 0 | 1): void {
    this.matched[edge] = value;
    const fromAt = this.positionOf(this.from[edge] ?? 0, edge);
    const toAt = this.positionOf(this.to[edge] ?? 0, edge);
    if (fromAt >= 0) this.matchedAt[fromAt] = value;
    if (toAt >= 0) this.matchedAt[toAt] = value;
  }

  /**
   * Where the edge sits in the slot's segment, or -1 before the layout. Segments are short (about a dozen), and
   * whoever changes an edge scans them anyway, so this is cheaper than keeping two positions per edge.
   */
  private positionOf(slot: number, edge: number): number {
    if (!this.laidOut) return -1;
    for (let k = this.start[slot] ?? 0, end = this.end[slot] ?? 0; k < end; k++)
      if (this.edgeAt[k] === edge) return k;
    return -1;
  }

  protected growSegments(n: number): void {
    this.start = grown(this.start, n);
    this.end = grown(this.end, n);
    this.limit = grown(this.limit, n);
  }

  /** Puts an edge at the end of the slot's segment, moving the segment to the arrays' end if it is full. */
  private append(slot: number, edge: number, other: number): void {
    if ((this.end[slot] ?? 0) >= (this.limit[slot] ?? 0)) this.relocate(slot);
    const at = this.end[slot] ?? 0;
    this.end[slot] = at + 1;
    this.edgeAt[at] = edge;
    this.otherAt[at] = other;
    this.weightAt[at] = this.weight[edge] ?? 0;
    this.matchedAt[at] = this.matched[edge] ?? 0;
    const weight = this.weight[edge] ?? 0;
    if (weight > this.heaviestAt(slot)) this.setHeaviest(slot, weight);
  }

  private relocate(slot: number): void {
    const from = this.start[slot] ?? 0;
    const length = (this.end[slot] ?? 0) - from;
    const room = length * 2 + SLACK;
    if (this.arenaSize + room > this.edgeAt.length)
      this.growArena(Math.max(this.arenaSize + room + (this.arenaSize >> 3), 64));
    const to = this.arenaSize;
    this.arenaSize += room;
    for (const array of [this.edgeAt, this.otherAt, this.weightAt, this.matchedAt])
      array.copyWithin(to, from, from + length);
    this.start[slot] = to;
    this.end[slot] = to + length;
    this.limit[slot] = to + room;
  }

  /** Removes position `at` from the slot's segment by moving the segment's last entry into it. */
  private detach(slot: number, at: number): void {
    if (at < 0) return;
    const dropped = this.weight[this.edgeAt[at] ?? 0] ?? 0;
    const last = (this.end[slot] ?? 0) - 1;
    if (at !== last) {
      this.edgeAt[at] = this.edgeAt[last] ?? 0;
      this.otherAt[at] = this.otherAt[last] ?? 0;
      this.weightAt[at] = this.weightAt[last] ?? 0;
      this.matchedAt[at] = this.matchedAt[last] ?? 0;
    }
    this.end[slot] = last;
    if (dropped < this.heaviestAt(slot)) return;
    let heaviest = 0;
    for (let k = this.start[slot] ?? 0; k < last; k++)
      heaviest = Math.max(heaviest, this.weight[this.edgeAt[k] ?? 0] ?? 0);
    this.setHeaviest(slot, heaviest);
  }

  private growEdges(n: number): void {
    this.from = grown(this.from, n);
    this.to = grown(this.to, n);
    this.weight = grown(this.weight, n);
    this.matched = grown(this.matched, n);
  }

  private growArena(size: number): void {
    this.edgeAt = grown(this.edgeAt, size);
    this.otherAt = grown(this.otherAt, size);
    this.weightAt = grown(this.weightAt, size);
    this.matchedAt = grown(this.matchedAt, size);
  }
}
