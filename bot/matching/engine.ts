import { fillGreedily, heaviestFirst, swapPairs } from "./assignment.ts";
import { PathSearch, type PathLimits } from "./augmenting-paths.ts";
import { CandidateIndex } from "./candidate-index.ts";
import { CandidateSearch, type SearchLimits } from "./candidate-search.ts";
import { linkWithHelper, pathsWithHelper, startLinkHelper } from "./link-helper.ts";
import { MatchGraph } from "./match-graph.ts";
import { MemberTable } from "./member-table.ts";
import { PairEvaluator } from "./pair-evaluator.ts";
import { MemoryPairHistory } from "./pair-history.ts";
import type { ScoreModel } from "./score-model.ts";
import { WordedSuggestions } from "./plan.ts";
import { slotOrder } from "./slot-order.ts";
import type { Population } from "./types.ts";

export type MatchStage = "compiled" | "indexed" | "linked" | "greedy" | "paths" | "swaps";

export interface EngineSettings {
  readonly now: Date;
  readonly seed: number;
  readonly model: ScoreModel;
  readonly search: SearchLimits;
  readonly paths: PathLimits;
  readonly swapPasses: number;
  /** Pools of at least this many members are linked on two threads (link-helper.ts). */
  readonly helperFrom: number;
}

/** Everything a matcher keeps between runs, so an update can work on what changed. */
export interface Engine {
  readonly history: MemoryPairHistory;
  readonly table: MemberTable;
  readonly index: CandidateIndex;
  readonly search: CandidateSearch;
  readonly graph: MatchGraph;
  readonly paths: PathSearch;
  readonly swapPasses: number;
  /** Suggestions worded during the full run (planOf's `worded`); dropped at the first update. */
  worded: WordedSuggestions | undefined;
}

/** A full run: compile, index, link everyone to their best candidates, assign greedily, then improve. */
export function buildEngine(
  population: Population,
  settings: EngineSettings,
  stage: (stage: MatchStage) => void,
): Engine {
  // Started first, so the helper thread loads while this one compiles the members.
  const helped = population.members.length >= settings.helperFrom && startLinkHelper();
  const history = new MemoryPairHistory(population.blocks, population.pairings);
  // Room for members who join later, so the first updates do not have to grow every array.
  const room = population.members.length + Math.max(64, population.members.length >> 4);
  let table = new MemberTable(settings.seed, settings.now, history, room);
  const { order: inSlotOrder, slotOf, tie, phase } = slotOrder(population.members, settings.seed);
  if (!table.putAll(population.members, slotOf, tie, phase)) {
    // Two members with one ID: in slot order, the later replaces the earlier.
    table = new MemberTable(settings.seed, settings.now, history, room);
    for (const i of inSlotOrder) {
      const member = population.members[i];
      if (member !== undefined) table.put(member, tie[i], phase[i]);
    }
  }
  stage("compiled");
  const index = new CandidateIndex(table);
  const search = new CandidateSearch(table, index, new PairEvaluator(table, settings.model), settings.search);
  // Edges both ends chose are shared: at 100,000 members the graph has about 0.69 × size × keep edges.
  const graph = new MatchGraph(room, Math.ceil(table.size * settings.search.keep * 0.75));
  const engine: Engine = {
    history,
    table,
    index,
    search,
    graph,
    paths: new PathSearch(graph, settings.paths),
    swapPasses: settings.swapPasses,
    worded: undefined,
  };
  const pool: number[] = [];
  for (let slot = 0; slot < table.size; slot++) {
    graph.setCapacity(slot, roomOf(engine, slot));
    if (table.available[slot] === 1) pool.push(slot);
  }
  index.build(pool);
  stage("indexed");
  const twoThreads = helped && pool.length >= settings.helperFrom;
  linkAll(engine, pool, twoThreads ? settings : undefined);
  stage("linked");
  const order = heaviestFirst(graph);
  // Edge IDs in weight order from here on (ties keep link order), so what follows reads the edges in order.
  graph.renumber(order);
  graph.layout(order);
  fillGreedily(graph, order, true);
  stage("greedy");
  // On two threads: the helper searches paths while this thread words the pairs greedy and the paths make.
  let searched = false;
  if (twoThreads) {
    const worded = new WordedSuggestions(graph.edgeCount);
    engine.worded = worded;
    searched = pathsWithHelper(graph, engine.paths, pool, settings.paths, (edge) => {
      worded.word(table, graph, edge);
    });
  }
  if (!searched) engine.paths.improveAll(pool);
  stage("paths");
  swapPairs(graph, pool, engine.swapPasses);
  stage("swaps");
  return engine;
}

/**
 * Everyone's best partners, in slot order; an edge both ends chose is added once, by the earlier slot. Edge IDs
 * are handed out in order, so the edges an earlier slot added are one range, and "did it choose me?" is a scan
 * of that range rather than a table of everyone's choices.
 */
function linkAll(engine: Engine, pool: readonly number[], helped: EngineSettings | undefined): void {
  const { search, graph } = engine;
  const job =
    helped === undefined
      ? undefined
      : linkWithHelper(engine.table, engine.index, pool, helped.model, helped.search, search);
  const keep = helped?.search.keep ?? 0;
  const first = new Int32Array(engine.table.size + 1);
  const chose = (slot: number, other: number): boolean => {
    for (let e = first[slot] ?? 0, end = first[slot + 1] ?? 0; e < end; e++)
      if (graph.to[e] === other) return true;
    return false;
  };
  let previous = 0;
  for (let p = 0; p < pool.length; p++) {
    const slot = pool[p] ?? 0;
    for (let s = previous; s <= slot; s++) first[s] = graph.edgeCount;
    previous = slot + 1;
    // Linked already on two threads (the job's results), or now on this one.
    const found = job === undefined ? search.search(slot) : (job.counts[p] ?? 0);
    const partners = job === undefined ? search.found : job.found;
    const scores = job === undefined ? search.scores : job.scores;
    const at = job === undefined ? 0 : p * keep;
    for (let i = at; i < at + found; i++) {
      const other = partners[i] ?? -1;
      if (other > slot || !chose(other, slot)) graph.addEdge(slot, other, scores[i] ?? 0);
    }
  }
  for (let s = previous; s < first.length; s++) first[s] = graph.edgeCount;
}

/** Links one member to its best candidates; `added` holds pairs already linked in this update. */
export function link(engine: Engine, slot: number, added: Set<string>): void {
  const { search, graph } = engine;
  const found = search.search(slot);
  for (let i = 0; i < found; i++) {
    const other = search.found[i] ?? 0;
    const key = slot < other ? `${slot}:${other}` : `${other}:${slot}`;
    if (added.has(key)) continue;
    added.add(key);
    graph.addEdge(slot, other, search.scores[i] ?? 0);
  }
}

/** Greedy over the slots' edges, then paths and swaps from them: the local repair after a change. */
export function repair(engine: Engine, slots: readonly number[]): void {
  const { graph } = engine;
  const edges = new Set<number>();
  for (const slot of slots)
    for (let k = graph.start[slot] ?? 0, end = graph.end[slot] ?? 0; k < end; k++)
      edges.add(graph.edgeAt[k] ?? 0);
  fillGreedily(
    graph,
    heaviestFirst(
      graph,
      [...edges].sort((a, b) => a - b),
    ),
  );
  engine.paths.improveAll(slots);
  swapPairs(graph, slots, Math.max(1, engine.swapPasses));
}

export function roomOf(engine: Engine, slot: number): number {
  return engine.table.available[slot] === 1 ? (engine.table.spare[slot] ?? 0) : 0;
}
