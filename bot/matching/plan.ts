import type { MatchGraph } from "./match-graph.ts";
import type { MemberTable } from "./member-table.ts";
import { sharedWeekHours } from "./packed-pair.ts";
import { RECORD } from "./packed-record.ts";
import { pairFacts } from "./pair-facts.ts";
import { reasonsFrom, type Reason } from "./reasons.ts";
import type { Features } from "./score-model.ts";
import type { MemberId } from "./types.ts";

/** A pairing to offer both members; it opens only if both accept (suggestion-state.ts). */
export interface Suggestion {
  /** In ID order, so a pair has one spelling. */
  readonly members: readonly [MemberId, MemberId];
  readonly score: number;
  /** Kept with the suggestion so the pairing's feedback can train the model later. */
  readonly features: Features;
  readonly reasons: readonly Reason[];
}

export interface MatchPlan {
  readonly suggestions: readonly Suggestion[];
  readonly totalScore: number;
  /** Members waiting for a peer who got no suggestion this time. */
  readonly stillWaiting: readonly MemberId[];
}

export interface PlanChange {
  readonly added: readonly Suggestion[];
  readonly withdrawn: readonly (readonly [MemberId, MemberId])[];
}

export function suggestionOf(table: MemberTable, graph: MatchGraph, edge: number): Suggestion {
  const from = graph.from[edge] ?? -1;
  const to = graph.to[edge] ?? -1;
  let a = table.source(from);
  let b = table.source(to);
  if (b.id < a.id) [a, b] = [b, a];
  const facts = pairFacts(a, b, sharedWeekHours(table.record, from * RECORD, to * RECORD));
  return {
    members: [a.id, b.id],
    score: graph.weight[edge] ?? 0,
    features: facts.features,
    reasons: reasonsFrom(facts),
  };
}

/** The matched pairs at one slot, as member IDs in ID order. */
export function matchedPairs(
  table: MemberTable,
  graph: MatchGraph,
  slot: number,
): (readonly [MemberId, MemberId])[] {
  const pairs: (readonly [MemberId, MemberId])[] = [];
  const own = table.ids[slot];
  for (let k = graph.start[slot] ?? 0, end = graph.end[slot] ?? 0; k < end; k++) {
    const other = table.ids[graph.otherAt[k] ?? 0];
    if (graph.matched[graph.edgeAt[k] ?? 0] !== 1 || own === undefined || other === undefined) continue;
    pairs.push(own < other ? [own, other] : [other, own]);
  }
  return pairs;
}

/**
 * Suggestions made ahead for some edges (while the helper thread searched paths), valid while no member changes:
 * an edge's suggestion depends only on its two members and its weight. By edge ID through a typed array, since a
 * JS array as long as the edge list would be a dictionary.
 */
export class WordedSuggestions {
  private readonly at: Int32Array;
  private readonly list: Suggestion[] = [];

  constructor(edges: number) {
    this.at = new Int32Array(edges).fill(-1);
  }

  get(edge: number): Suggestion | undefined {
    const i = this.at[edge] ?? -1;
    return i < 0 ? undefined : this.list[i];
  }

  word(table: MemberTable, graph: MatchGraph, edge: number): void {
    if ((this.at[edge] ?? 0) !== -1) return;
    this.at[edge] = this.list.length;
    this.list.push(suggestionOf(table, graph, edge));
  }
}

export function planOf(table: MemberTable, graph: MatchGraph, worded?: WordedSuggestions): MatchPlan {
  const suggestions: Suggestion[] = [];
  let totalScore = 0;
  for (let edge = 0; edge < graph.edgeCount; edge++) {
    if (graph.matched[edge] !== 1) continue;
    suggestions.push(worded?.get(edge) ?? suggestionOf(table, graph, edge));
    totalScore += graph.weight[edge] ?? 0;
  }
  const stillWaiting: MemberId[] = [];
  for (let slot = 0; slot < table.size; slot++) {
    const id = table.ids[slot];
    if (
      table.waiting[slot] === 1 &&
      table.available[slot] === 1 &&
      graph.used[slot] === 0 &&
      id !== undefined
    )
      stillWaiting.push(id);
  }
  return { suggestions, totalScore, stillWaiting };
}
