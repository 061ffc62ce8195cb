import type { MatchGraph } from "./match-graph.ts";

export const EPSILON = 1e-9;
/** More than single precision can be off by on a score (scores stay well below 1,000). */
export const ROUNDING = 1e-4;

/**
 * Live edge IDs (all, or those given) by weight, heaviest first; equal weights keep ID order, which is canonical
 * in a full run. A two-pass radix sort on the weight quantised to 31 bits: linear, and light on memory.
 */
export function heaviestFirst(graph: MatchGraph, edges?: ArrayLike<number>): Int32Array {
  const count = edges === undefined ? graph.edgeCount : edges.length;
  let order = new Int32Array(count);
  let n = 0;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const e = edges === undefined ? i : (edges[i] ?? 0);
    if ((graph.from[e] ?? -1) < 0) continue;
    order[n++] = e;
    max = Math.max(max, graph.weight[e] ?? 0);
  }
  order = order.subarray(0, n);
  if (n === 0 || max <= 0) return order;
  const scale = 0x7fffffff / max;
  // Each edge's key is worked out once and travels with it, so the passes read keys in order rather than
  // looking weights up by edge ID.
  let keys = new Int32Array(n);
  for (let i = 0; i < n; i++)
    keys[i] = 0x7fffffff - Math.floor(Math.max(0, graph.weight[order[i] ?? 0] ?? 0) * scale);
  let spare = new Int32Array(n);
  let spareKeys = new Int32Array(n);
  const counts = new Int32Array(65537);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((keys[i] ?? 0) >>> shift) & 0xffff;
      counts[digit + 1] = (counts[digit + 1] ?? 0) + 1;
    }
    for (let d = 0; d < 65536; d++) counts[d + 1] = (counts[d + 1] ?? 0) + (counts[d] ?? 0);
    for (let i = 0; i < n; i++) {
      const k = keys[i] ?? 0;
      const digit = (k >>> shift) & 0xffff;
      const at = counts[digit] ?? 0;
      counts[digit] = at + 1;
      spare[at] = order[i] ?? 0;
      spareKeys[at] = k;
    }
    [order, spare] = [spare, order];
    [keys, spareKeys] = [spareKeys, keys];
  }
  return order;
}

/** Greedy: takes edges heaviest first while both ends have room. `bulk` skips the change log (full runs). */
export function fillGreedily(graph: MatchGraph, order: ArrayLike<number>, bulk = false): void {
  for (let i = 0; i < order.length; i++) {
    const e = order[i] ?? 0;
    const a = graph.from[e] ?? -1;
    if (a < 0 || graph.matched[e] === 1 || (graph.weight[e] ?? 0) <= 0) continue;
    if (!graph.hasRoom(a) || !graph.hasRoom(graph.to[e] ?? 0)) continue;
    if (bulk) graph.matchQuietly(e);
    else graph.match(e);
  }
  if (bulk) graph.refreshWeakest();
}

/**
 * Swaps between full members: u and v, each with a weaker pairing (u–p, v–q), pair with each other instead,
 * and p and q pair with each other or with someone who has room. Alternating paths from members with room
 * (augmenting-paths.ts) cannot find these, as everyone involved is full.
 */
export function swapPairs(graph: MatchGraph, slots: ArrayLike<number>, maxPasses: number): void {
  for (let pass = 0; pass < maxPasses; pass++) {
    let changed = 0;
    for (let i = 0; i < slots.length; i++) {
      const u = slots[i] ?? 0;
      if (graph.hasRoom(u)) continue;
      for (let k = graph.start[u] ?? 0, end = graph.end[u] ?? 0; k < end; k++) {
        const e = graph.edgeAt[k] ?? 0;
        const dropU = graph.weakest(u);
        if (graph.matchedAt[k] === 1 || dropU < 0) continue;
        const v = graph.otherAt[k] ?? 0;
        const dropV = graph.hasRoom(v) ? -1 : graph.weakest(v);
        // Worth a closer look only if v would rather be with u than with its weakest partner (first on the
        // scan's single-precision weight, with room for its rounding, then exactly).
        const dropped = weightOf(graph, dropV);
        if ((graph.weightAt[k] ?? 0) - dropped <= EPSILON - ROUNDING) continue;
        const base = (graph.weight[e] ?? 0) - (graph.weight[dropU] ?? 0) - dropped;
        if (base + (graph.weight[dropU] ?? 0) <= EPSILON) continue;
        if (trySwap(graph, u, e, dropU, dropV, base)) changed++;
      }
    }
    if (changed === 0) return;
  }
}

function trySwap(
  graph: MatchGraph,
  u: number,
  e: number,
  dropU: number,
  dropV: number,
  base: number,
): boolean {
  const v = graph.other(e, u);
  const p = graph.other(dropU, u);
  const q = dropV < 0 ? -1 : graph.other(dropV, v);
  const between = q < 0 || q === p ? -1 : graph.edgeBetween(p, q);
  const together = between >= 0 && graph.matched[between] !== 1 ? (graph.weight[between] ?? 0) : 0;
  const refills = bestWithRoom(graph, p, q).weight + (q < 0 ? 0 : bestWithRoom(graph, q, p).weight);
  if (base + Math.max(together, refills) <= EPSILON) return false;
  graph.unmatch(dropU);
  if (dropV >= 0) graph.unmatch(dropV);
  graph.match(e);
  let gain = base;
  let first = -1;
  let second = -1;
  if (together > 0 && together >= refills) {
    first = between;
    graph.match(first);
    gain += together;
  } else {
    // One after the other, so two refills never take the same last place.
    first = bestWithRoom(graph, p, q).edge;
    if (first >= 0) graph.match(first);
    second = q < 0 ? -1 : bestWithRoom(graph, q, p).edge;
    if (second >= 0) graph.match(second);
    gain += weightOf(graph, first) + weightOf(graph, second);
  }
  if (gain > EPSILON) return true;
  if (second >= 0) graph.unmatch(second);
  if (first >= 0) graph.unmatch(first);
  graph.unmatch(e);
  if (dropV >= 0) graph.match(dropV);
  graph.match(dropU);
  return false;
}

const weightOf = (graph: MatchGraph, edge: number): number => (edge < 0 ? 0 : (graph.weight[edge] ?? 0));

/** The heaviest unmatched edge at the slot to someone with room, other than `excluded`. */
function bestWithRoom(graph: MatchGraph, slot: number, excluded: number): { edge: number; weight: number } {
  let edge = -1;
  let weight = 0;
  if (slot < 0) return { edge, weight };
  for (let k = graph.start[slot] ?? 0, end = graph.end[slot] ?? 0; k < end; k++) {
    const other = graph.otherAt[k] ?? 0;
    if (graph.matchedAt[k] === 1 || (graph.weightAt[k] ?? 0) < weight - ROUNDING || other === excluded)
      continue;
    const candidate = graph.edgeAt[k] ?? -1;
    const exact = graph.weight[candidate] ?? 0;
    if (exact > weight && graph.hasRoom(other)) {
      edge = candidate;
      weight = exact;
    }
  }
  return { edge, weight };
}
