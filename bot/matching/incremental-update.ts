import { link, repair, roomOf, type Engine } from "./engine.ts";
import { matchedPairs, suggestionOf, type PlanChange } from "./plan.ts";
import type { Block, MatchCandidate, MemberId, PastPairing } from "./types.ts";

/** What changed since the last run; members are added or replaced whole. */
export interface PopulationChange {
  readonly members?: readonly MatchCandidate[];
  readonly removed?: readonly MemberId[];
  readonly blocks?: readonly Block[];
  readonly pairings?: readonly PastPairing[];
}

/**
 * Applies a change to a running engine: the members it names lose their edges and are linked afresh, and the
 * assignment is repaired around them. Returns the pairs that left and joined the plan.
 */
export function applyChange(engine: Engine, change: PopulationChange): PlanChange {
  const { table, graph, index, history } = engine;
  // Log the pairs of every slot whose assignment is about to change, before it changes.
  const before = new Map<string, readonly [MemberId, MemberId]>();
  const touched = new Set<number>();
  graph.beforeChange = (slot) => {
    if (touched.has(slot)) return;
    touched.add(slot);
    for (const pair of matchedPairs(table, graph, slot)) before.set(pair.join("\n"), pair);
  };
  for (const block of change.blocks ?? []) history.addBlock(block);
  for (const pairing of change.pairings ?? []) history.addPairing(pairing);
  const named = [
    ...(change.blocks ?? []).flatMap((b) => [b.by, b.blocked]),
    ...(change.pairings ?? []).flatMap((p) => p.members),
    ...(change.members ?? []).map((m) => m.id),
  ];
  const relink = new Set(named.flatMap((id) => table.slotOf.get(id) ?? []));
  const removed = new Map(
    (change.removed ?? []).flatMap((id) =>
      table.slotOf.has(id) ? [[table.slotOf.get(id) ?? 0, id] as const] : [],
    ),
  );
  // Drop every edge at a changed slot while the table still holds the old members (for the change log).
  for (const slot of [...relink, ...removed.keys()]) {
    index.remove(slot);
    graph.isolate(slot);
  }
  for (const [slot, id] of removed) {
    graph.setCapacity(slot, 0);
    table.remove(id);
    relink.delete(slot);
  }
  for (const member of change.members ?? []) relink.add(table.put(member));
  for (const slot of relink) {
    table.refreshAvoid(slot);
    graph.setCapacity(slot, roomOf(engine, slot));
    if (table.available[slot] === 1) index.insert(slot);
  }
  const added = new Set<string>();
  for (const slot of relink) if (table.available[slot] === 1) link(engine, slot, added);
  const region = new Set<number>([...touched, ...relink]);
  for (const slot of relink)
    for (let k = graph.start[slot] ?? 0, end = graph.end[slot] ?? 0; k < end; k++)
      region.add(graph.otherAt[k] ?? 0);
  const slots = [...region].filter((slot) => table.available[slot] === 1);
  slots.sort((a, b) => (a === b ? 0 : table.before(a, b) ? -1 : 1));
  repair(engine, slots);
  graph.beforeChange = null;
  return changeSince(engine, before, touched);
}

function changeSince(
  engine: Engine,
  before: Map<string, readonly [MemberId, MemberId]>,
  touched: Set<number>,
): PlanChange {
  const { table, graph } = engine;
  const after = new Map<string, number>();
  for (const slot of touched) {
    for (let k = graph.start[slot] ?? 0, end = graph.end[slot] ?? 0; k < end; k++) {
      const edge = graph.edgeAt[k] ?? 0;
      const [a, b] = [table.ids[slot], table.ids[graph.otherAt[k] ?? 0]];
      if (graph.matched[edge] !== 1 || a === undefined || b === undefined) continue;
      after.set((a < b ? [a, b] : [b, a]).join("\n"), edge);
    }
  }
  return {
    withdrawn: [...before].filter(([key]) => !after.has(key)).map(([, pair]) => pair),
    added: [...after].filter(([key]) => !before.has(key)).map(([, edge]) => suggestionOf(table, graph, edge)),
  };
}
