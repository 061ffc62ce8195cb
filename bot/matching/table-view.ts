/** A member's interned list (sorted IDs): an array in the member table, a view of shared memory in a helper. */
export type IdList = ArrayLike<number>;

/**
 * What the candidate index, the candidate search and the pair evaluator read of the member table. The table
 * itself is one; the linking helper thread has another over shared memory (shared-table.ts), so the same code
 * links members on both threads.
 */
export interface TableView {
  readonly size: number;
  readonly record: Int32Array;
  readonly tie: Float64Array;
  readonly phase: Float64Array;
  readonly gender: ArrayLike<number>;
  /** Experience key × 2 + (1 if past), sorted; the first entry for a key counts. */
  codesOf(slot: number): IdList;
  languagesOf(slot: number): IdList;
  /** Tag and gender-filter lists, read only for members whose record overflows (F_OVERFLOW). */
  strengthsOf(slot: number): IdList;
  needsOf(slot: number): IdList;
  /** Empty: anyone. */
  wantGenderOf(slot: number): IdList;
  /** True if `a` must never be suggested `b` (a block, a pairing now, one that ended badly). */
  avoids(a: number, b: number): boolean;
  /** Deterministic order for a seed: by hash, then by ID; never by insertion order. */
  before(a: number, b: number): boolean;
}
