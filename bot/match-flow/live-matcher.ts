import { Matcher, type PopulationChange } from "../matching/matcher.ts";
import { MemoryPairHistory } from "../matching/pair-history.ts";
import type { MatchPlan } from "../matching/plan.ts";
import type { ScoreModel } from "../matching/score-model.ts";
import type { MatchCandidate, MemberId, PairingOutcome, Population } from "../matching/types.ts";
import type { MatchFlowSettings } from "./settings.ts";

/** What the flow's engine was last told, to work out what changed since. */
interface LiveEngine {
  readonly matcher: Matcher;
  readonly modelKey: string;
  readonly builtAt: number;
  readonly members: ReadonlyMap<MemberId, MatchCandidate>;
  readonly blocks: ReadonlySet<string>;
  readonly outcomes: ReadonlyMap<string, PairingOutcome>;
}

export interface LivePlan {
  readonly plan: MatchPlan;
  /** "built": the engine ran from scratch; "updated": only the changed members were re-linked. */
  readonly mode: "built" | "updated";
  /** Members (and pairs) told to the engine as changed; for a build, everyone. */
  readonly changed: number;
}

/** Above this share of members changed, a full build is as cheap as an update and exact. */
const REBUILD_SHARE = 0.25;

const engines = new WeakMap<MatchFlowSettings, LiveEngine>();

/**
 * The flow's matching engine, kept between runs: a run that follows a few profile edits or answers tells the
 * engine only what changed (`Matcher.update`, milliseconds) instead of building it again (seconds at 100,000
 * members). It is built afresh when the weights changed, when something was taken away that an update cannot
 * undo (a lapsed rest between two members, a removed block), when many members changed, and at least every
 * `flow.everyMs`, so that waiting times and the assignment's quality never drift far from a full run.
 */
export function livePlan(
  flow: MatchFlowSettings,
  population: Population,
  model: ScoreModel,
  now: Date,
): LivePlan {
  const outcomes = effectiveOutcomes(population);
  const blocks = new Set(population.blocks.map((b) => `${b.by}\n${b.blocked}`));
  const members = new Map(population.members.map((m) => [m.id, m]));
  const modelKey = JSON.stringify(model);
  const previous = engines.get(flow);
  const change =
    previous === undefined ||
    previous.modelKey !== modelKey ||
    now.getTime() - previous.builtAt >= flow.everyMs
      ? undefined
      : changeSince(previous, members, blocks, outcomes);
  if (previous === undefined || change === undefined || changeSize(change) > REBUILD_SHARE * members.size) {
    const matcher = new Matcher(population, { now, seed: flow.seed, model });
    engines.set(flow, { matcher, modelKey, builtAt: now.getTime(), members, blocks, outcomes });
    return { plan: matcher.plan(), mode: "built", changed: members.size };
  }
  previous.matcher.update(change);
  engines.set(flow, { ...previous, members, blocks, outcomes });
  return { plan: previous.matcher.plan(), mode: "updated", changed: changeSize(change) };
}

/** Forgets the kept engine (after a failed run, say): the next run builds it from what is stored. */
export function dropLiveEngine(flow: MatchFlowSettings): void {
  engines.delete(flow);
}

function changeSize(change: PopulationChange): number {
  return (
    (change.members?.length ?? 0) +
    (change.removed?.length ?? 0) +
    (change.blocks?.length ?? 0) +
    (change.pairings?.length ?? 0)
  );
}

/** undefined when only a full build can express the change. */
function changeSince(
  previous: LiveEngine,
  members: ReadonlyMap<MemberId, MatchCandidate>,
  blocks: ReadonlySet<string>,
  outcomes: ReadonlyMap<string, PairingOutcome>,
): PopulationChange | undefined {
  for (const block of previous.blocks) if (!blocks.has(block)) return undefined;
  for (const key of previous.outcomes.keys()) if (!outcomes.has(key)) return undefined;
  const changed = [...members.values()].filter((m) => {
    const before = previous.members.get(m.id);
    return before === undefined || !sameCandidate(before, m);
  });
  const removed = [...previous.members.keys()].filter((id) => !members.has(id));
  const newBlocks = [...blocks]
    .filter((block) => !previous.blocks.has(block))
    .map((block) => {
      const [by = "", blocked = ""] = block.split("\n");
      return { by: by as MemberId, blocked: blocked as MemberId };
    });
  const pairings = [...outcomes]
    .filter(([key, outcome]) => previous.outcomes.get(key) !== outcome)
    .map(([key, outcome]) => {
      const [a = "", b = ""] = key.split("\n");
      return { members: [a as MemberId, b as MemberId] as const, outcome };
    });
  return { members: changed, removed, blocks: newBlocks, pairings };
}

/** Each pair's outcome by the engine's own rule (a later one replaces an earlier, but "ended-badly" stays). */
function effectiveOutcomes(population: Population): ReadonlyMap<string, PairingOutcome> {
  return new MemoryPairHistory([], population.pairings).outcomesByPair();
}

function sameCandidate(a: MatchCandidate, b: MatchCandidate): boolean {
  return (
    a.status === b.status &&
    a.role === b.role &&
    a.timezone === b.timezone &&
    a.capacity === b.capacity &&
    a.load === b.load &&
    a.joinedAt.getTime() === b.joinedAt.getTime() &&
    (a.waitingSince?.getTime() ?? null) === (b.waitingSince?.getTime() ?? null) &&
    a.mentor?.capacity === b.mentor?.capacity &&
    a.mentor?.load === b.mentor?.load &&
    a.attributes.ageBand === b.attributes.ageBand &&
    a.attributes.gender === b.attributes.gender &&
    sameList(
      a.experiences.map((e) => `${e.id}:${e.stage}`),
      b.experiences.map((e) => `${e.id}:${e.stage}`),
    ) &&
    sameList(a.strengths, b.strengths) &&
    sameList(a.needs, b.needs) &&
    sameList(a.languages, b.languages) &&
    sameList(a.weeklyHours, b.weeklyHours) &&
    sameList(a.channels, b.channels) &&
    sameList(a.filters.ageBands, b.filters.ageBands) &&
    sameList(a.filters.genders, b.filters.genders) &&
    sameList(a.filters.stages, b.filters.stages)
  );
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}
