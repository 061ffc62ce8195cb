const NONE: readonly number[] = Object.freeze([]);

/** Interns words (experience keys, languages, tags, genders) as small integers for the compiled table. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];

  idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
    }
    return id;
  }

  wordOf(id: number): string {
    const word = this.words[id];
    if (word === undefined) throw new Error(`no word ${id} in vocabulary`);
    return word;
  }

  get size(): number {
    return this.words.length;
  }

  /** Interned, deduplicated and sorted, so two lists intersect in one merge. */
  sortedIds(words: readonly string[]): readonly number[] {
    if (words.length === 0) return NONE;
    return this.sortedIdsInto(words, []);
  }

  /** As `sortedIds`, written into `into` (emptied first), so a caller can reuse one scratch array. */
  sortedIdsInto(words: readonly string[], into: number[]): number[] {
    into.length = 0;
    for (const word of words) insertSorted(into, this.idOf(word));
    return into;
  }

  /** The words' IDs as bits of a 32-bit mask, or -1 if an ID is too large for one. */
  maskOf(words: readonly string[], limit: number): number {
    let mask = 0;
    for (const word of words) {
      const id = this.idOf(word);
      if (id >= limit) return -1;
      mask |= 1 << id;
    }
    return mask;
  }
}

/**
 * Inserts into a short sorted list, skipping a duplicate, and says whether it did (cheaper than a set and a
 * sort). `key` picks what is compared, so codes that carry a flag in their lowest bit can compare without it.
 */
export function insertSorted(list: number[], value: number, key = (v: number): number => v): boolean {
  const k = key(value);
  let at = list.length;
  while (at > 0 && key(list[at - 1] ?? 0) > k) at--;
  if (at > 0 && key(list[at - 1] ?? 0) === k) return false;
  list.splice(at, 0, value);
  return true;
}

/**
 * Shares equal lists of small integers: most members have one of a few language lists and experience lists, so
 * a community of 100,000 holds a few thousand arrays instead of 200,000 (less for the collector to trace).
 */
export class ListPool {
  private readonly short = new Map<number, readonly number[]>();
  private readonly long = new Map<string, readonly number[]>();

  /** The shared copy of `list`, exactly sized; `list` itself may be a scratch array the caller reuses. */
  shared(list: readonly number[]): readonly number[] {
    if (list.length === 0) return NONE;
    const key = numericKey(list);
    const map: Map<number | string, readonly number[]> = key < 0 ? this.long : this.short;
    const name = key < 0 ? list.join(",") : key;
    let found = map.get(name);
    if (found === undefined) {
      found = Object.freeze(list.slice());
      map.set(name, found);
    }
    return found;
  }
}

/** Lists of up to four IDs below 4,096 have an exact numeric key (below 2^53), cheaper than a string; else -1. */
function numericKey(list: readonly number[]): number {
  if (list.length > 4) return -1;
  let key = 0;
  for (const id of list) {
    if (id >= 4095 || id < 0) return -1;
    key = key * 4096 + id + 1;
  }
  return key;
}

/** Size of the intersection of two sorted integer lists. */
export function intersectionSize(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      count++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return count;
}
