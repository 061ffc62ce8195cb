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
    const ids: number[] = [];
    for (const word of words) {
      const id = this.idOf(word);
      // Insertion into a short sorted list, skipping duplicates: cheaper than a set and a sort.
      let at = ids.length;
      while (at > 0 && (ids[at - 1] ?? 0) > id) at--;
      if (at > 0 && ids[at - 1] === id) continue;
      ids.splice(at, 0, id);
    }
    return ids;
  }
}

/** Size of the intersection of two sorted integer lists. */
export function intersectionSize(a: readonly number[], b: readonly number[]): number {
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
