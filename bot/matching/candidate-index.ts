import { IndexPart } from "./index-part.ts";
import type { TableView } from "./table-view.ts";
import { F_WANT_STAGE_SHIFT, RECORD, R_FLAGS } from "./packed-record.ts";
import { sharedArray } from "./typed-arrays.ts";

/** [in it now, been through it] */
type Bucket = readonly [IndexPart, IndexPart];

/** Called with a candidate's slot. */
export type Visit = (other: number) => void;

/** The index in shared memory: part p (bucket p >> 1, stage p & 1) is slots/phases[offsets[p] … offsets[p + 1]). */
export interface PackedIndex {
  readonly keys: Int32Array;
  readonly offsets: Int32Array;
  readonly slots: Int32Array;
  readonly phases: Float64Array;
}

const keyOf = (experience: number, language: number): number => experience * 65536 + language;

/**
 * Candidates come from here: anyone found shares an experience and a language by construction. Within a bucket
 * the scan starts at members whose free hours sit nearest in the day and works outwards, so a bounded scan
 * sees the likeliest good partners first. A slot's parts follow from its experiences and languages in the
 * table, so nothing per slot is kept here besides its place in the sorted parts.
 */
export class CandidateIndex {
  private readonly buckets = new Map<number, Bucket>();

  constructor(private readonly table: TableView) {}

  /** An index over a packed one (a helper thread's, reading the main thread's): read only. */
  static overPacked(table: TableView, packed: PackedIndex): CandidateIndex {
    const index = new CandidateIndex(table);
    const { keys, offsets, slots, phases } = packed;
    const part = (p: number): IndexPart => {
      const from = offsets[p] ?? 0;
      const to = offsets[p + 1] ?? 0;
      return IndexPart.over(slots.subarray(from, to), phases.subarray(from, to));
    };
    for (let b = 0; b < keys.length; b++) index.buckets.set(keys[b] ?? 0, [part(2 * b), part(2 * b + 1)]);
    return index;
  }

  /** The index as flat arrays in shared memory, for a helper thread. */
  pack(): PackedIndex {
    const buckets = [...this.buckets];
    let total = 0;
    for (const [, bucket] of buckets) total += bucket[0].size + bucket[1].size;
    const keys = sharedArray(Int32Array, buckets.length);
    const offsets = sharedArray(Int32Array, buckets.length * 2 + 1);
    const slots = sharedArray(Int32Array, total);
    const phases = sharedArray(Float64Array, total);
    let at = 0;
    buckets.forEach(([key, bucket], b) => {
      keys[b] = key;
      bucket.forEach((part, stage) => {
        offsets[2 * b + stage] = at;
        slots.set(part.slots.subarray(0, part.size), at);
        phases.set(part.phases.subarray(0, part.size), at);
        at += part.size;
      });
    });
    offsets[buckets.length * 2] = at;
    return { keys, offsets, slots, phases };
  }

  /** Adds many slots, sorting each part once. */
  build(slots: Iterable<number>): void {
    for (const slot of slots) this.place(slot, (part) => part.collect(slot));
    for (const bucket of this.buckets.values())
      for (const part of bucket) part.seal(this.order, this.table.phase);
  }

  insert(slot: number): void {
    this.place(slot, (part) => {
      let low = 0;
      let high = part.size;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (this.order(part.slots[mid] ?? 0, slot) < 0) low = mid + 1;
        else high = mid;
      }
      part.insertAt(low, slot, this.table.phase[slot] ?? 0);
    });
  }

  /** Takes the slot out of its parts; call it while the table still holds what the slot was inserted with. */
  remove(slot: number): void {
    this.place(slot, (part) => part.remove(slot));
  }

  /**
   * Calls `visit` with up to about `budget` members sharing an experience and a language with `slot`: two
   * thirds from the other stage of the experience (been through it ↔ in it now), nearest in daily phase first.
   */
  scan(slot: number, budget: number, visit: Visit): void {
    const found = this.scanInto(slot, budget);
    for (let i = 0; i < found; i++) visit(this.found[i] ?? 0);
  }

  /** The members `scan` visits, in its order, written into `found`; returns how many. */
  scanInto(slot: number, budget: number): number {
    const t = this.table;
    const codes = t.codesOf(slot);
    const languages = t.languagesOf(slot);
    const buckets = Math.max(1, codes.length * languages.length);
    const perBucket = Math.max(4, Math.ceil(budget / buckets));
    if (this.found.length < perBucket * buckets) this.found = new Int32Array(perBucket * buckets * 2);
    // The member's own stage filter: bit 0 = now (part 0), bit 1 = past (part 1); 0 = either.
    const wanted = ((t.record[slot * RECORD + R_FLAGS] ?? 0) >> F_WANT_STAGE_SHIFT) & 3;
    const phase = t.phase[slot] ?? 0;
    let at = 0;
    for (let c = 0; c < codes.length; c++) {
      const code = codes[c] ?? 0;
      const mine = (code & 1) as 0 | 1;
      const theirs = mine === 0 ? 1 : 0;
      for (let l = 0; l < languages.length; l++) {
        const language = languages[l] ?? 0;
        const bucket = this.buckets.get(keyOf(code >> 1, language));
        if (bucket === undefined) continue;
        const other = wanted === 0 || (wanted & (1 << theirs)) !== 0 ? bucket[theirs] : undefined;
        const same = wanted === 0 || (wanted & (1 << mine)) !== 0 ? bucket[mine] : undefined;
        const otherSize = other?.size ?? 0;
        const sameShare = Math.min(
          same?.size ?? 0,
          perBucket - Math.min(otherSize, Math.ceil((perBucket * 2) / 3)),
        );
        if (other !== undefined) at = nearest(other, phase, perBucket - sameShare, this.found, at);
        if (same !== undefined) at = nearest(same, phase, sameShare, this.found, at);
      }
    }
    return at;
  }

  /** What the last `scanInto` found (its first entries). */
  found = new Int32Array(256);

  private readonly order = (x: number, y: number): number => {
    const d = (this.table.phase[x] ?? 0) - (this.table.phase[y] ?? 0);
    if (d !== 0) return d;
    return x === y ? 0 : this.table.before(x, y) ? -1 : 1;
  };

  private place(slot: number, put: (part: IndexPart) => void): void {
    const t = this.table;
    const codes = t.codesOf(slot);
    const languages = t.languagesOf(slot);
    for (let c = 0; c < codes.length; c++) {
      const code = codes[c] ?? 0;
      for (let l = 0; l < languages.length; l++) {
        const language = languages[l] ?? 0;
        const key = keyOf(code >> 1, language);
        let bucket = this.buckets.get(key);
        if (bucket === undefined) {
          bucket = [new IndexPart(), new IndexPart()];
          this.buckets.set(key, bucket);
        }
        put(bucket[(code & 1) as 0 | 1]);
      }
    }
  }
}

/** Distance round the clock between two daily phases (hours, 0–24). */
const circular = (a: number, b: number): number => {
  const d = a > b ? a - b : b - a;
  return d > 12 ? 24 - d : d;
};

/**
 * Writes up to `count` members of a part into `out` from `at`, nearest to `phase` first (wrapping round midnight);
 * returns where it stopped.
 */
function nearest(part: IndexPart, phase: number, count: number, out: Int32Array, at: number): number {
  const { slots, phases } = part;
  const n = part.size;
  const take = Math.min(count, n);
  if (take <= 0) return at;
  let written = at;
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((phases[mid] ?? 0) < phase) low = mid + 1;
    else high = mid;
  }
  // Two cursors walking outwards; each keeps its distance until it moves, and wraps at the ends.
  let right = low === n ? 0 : low;
  let left = low === 0 ? n - 1 : low - 1;
  let toRight = circular(phases[right] ?? 0, phase);
  let toLeft = circular(phases[left] ?? 0, phase);
  for (let taken = 0; taken < take; taken++) {
    if (toRight <= toLeft) {
      out[written++] = slots[right] ?? 0;
      right = right + 1 === n ? 0 : right + 1;
      toRight = circular(phases[right] ?? 0, phase);
    } else {
      out[written++] = slots[left] ?? 0;
      left = left === 0 ? n - 1 : left - 1;
      toLeft = circular(phases[left] ?? 0, phase);
    }
  }
  return written;
}
