import type { Block, MemberId, PairingOutcome, PastPairing } from "./types.ts";

/** Blocks and past pairings, looked up by pair in either order. */
export interface PairHistory {
  isBlocked(a: MemberId, b: MemberId): boolean;
  outcome(a: MemberId, b: MemberId): PairingOutcome | undefined;
  /** Members this one must never be suggested: blocked either way, paired now, or a pairing that ended badly. */
  avoided(member: MemberId): ReadonlySet<MemberId> | undefined;
  /** Every member `avoided` may answer for (most members avoid no one). */
  avoiding(): Iterable<MemberId>;
}

export function pairKey(a: MemberId, b: MemberId): string {
  return a < b ? `${a}\n${b}` : `${b}\n${a}`;
}

export class MemoryPairHistory implements PairHistory {
  private readonly blocked = new Set<string>();
  private readonly outcomes = new Map<string, PairingOutcome>();
  private readonly avoid = new Map<MemberId, Set<MemberId>>();

  constructor(blocks: readonly Block[] = [], pairings: readonly PastPairing[] = []) {
    for (const block of blocks) this.addBlock(block);
    for (const pairing of pairings) this.addPairing(pairing);
  }

  addBlock(block: Block): void {
    if (block.by === block.blocked) return;
    this.blocked.add(pairKey(block.by, block.blocked));
    this.avoidBoth(block.by, block.blocked);
  }

  /** Pairings in the order they happened: a later outcome replaces an earlier one, except "ended-badly". */
  addPairing({ members: [a, b], outcome }: PastPairing): void {
    const key = pairKey(a, b);
    if (this.outcomes.get(key) === "ended-badly") return;
    this.outcomes.set(key, outcome);
    if (outcome === "active" || outcome === "ended-badly") this.avoidBoth(a, b);
    else if (!this.blocked.has(key)) this.forgetBoth(a, b);
  }

  isBlocked(a: MemberId, b: MemberId): boolean {
    return this.blocked.has(pairKey(a, b));
  }

  outcome(a: MemberId, b: MemberId): PairingOutcome | undefined {
    return this.outcomes.get(pairKey(a, b));
  }

  avoided(member: MemberId): ReadonlySet<MemberId> | undefined {
    return this.avoid.get(member);
  }

  avoiding(): Iterable<MemberId> {
    return this.avoid.keys();
  }

  /** Every pair's current outcome, by `pairKey`. */
  outcomesByPair(): ReadonlyMap<string, PairingOutcome> {
    return this.outcomes;
  }

  private forgetBoth(a: MemberId, b: MemberId): void {
    this.avoid.get(a)?.delete(b);
    this.avoid.get(b)?.delete(a);
  }

  private avoidBoth(a: MemberId, b: MemberId): void {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = this.avoid.get(from) ?? new Set<MemberId>();
      set.add(to);
      this.avoid.set(from, set);
    }
  }
}
