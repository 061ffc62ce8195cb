import type { PackedIndex } from "./candidate-index.ts";
import type { MemberTable } from "./member-table.ts";
import { F_OVERFLOW, RECORD, R_FLAGS } from "./packed-record.ts";
import type { IdList, TableView } from "./table-view.ts";
import { sharedArray } from "./typed-arrays.ts";
import type { MemberId } from "./types.ts";

/** Lists per slot, flattened: slot s's list is values[offsets[s] … offsets[s + 1]). */
export interface SharedLists {
  readonly offsets: Int32Array;
  readonly values: Int32Array;
}

/**
 * The part of the member table that linking reads, in SharedArrayBuffers (posted to a helper thread without a
 * copy): the table's own records, ties and phases, and the lists flattened. Blocks and pairings to avoid travel as
 * the slots they name: an avoided ID that holds no slot can never be a candidate. Tag and gender-filter lists
 * travel only for members whose record overflows, the only ones whose lists the evaluator reads.
 */
export interface SharedTable {
  readonly size: number;
  /** IDs of the members whose tie hash is not theirs alone, by slot: only ties between them read IDs. */
  readonly tieIds: ReadonlyMap<number, MemberId>;
  readonly record: Int32Array;
  readonly tie: Float64Array;
  readonly phase: Float64Array;
  readonly gender: Int32Array;
  readonly codes: SharedLists;
  readonly languages: SharedLists;
  readonly strengths: SharedLists;
  readonly needs: SharedLists;
  readonly wantGender: SharedLists;
  readonly avoid: SharedLists;
  readonly index: PackedIndex;
}

/** Slots' lists in one flat array; `only` (when given) says which slots' lists to keep, the rest count as empty. */
function flatten(
  size: number,
  lists: readonly (IdList | null | undefined)[],
  only?: Uint8Array,
): SharedLists {
  const offsets = sharedArray(Int32Array, size + 1);
  let total = 0;
  for (let slot = 0; slot < size; slot++) {
    offsets[slot] = total;
    if (only === undefined || only[slot] === 1) total += lists[slot]?.length ?? 0;
  }
  offsets[size] = total;
  const values = sharedArray(Int32Array, total);
  for (let slot = 0, at = 0; slot < size; slot++) {
    const list = lists[slot];
    if (list == null || (only !== undefined && only[slot] !== 1)) continue;
    for (let i = 0; i < list.length; i++) values[at++] = list[i] ?? 0;
  }
  return { offsets, values };
}

/**
 * The IDs a helper needs for ties: only members whose tie hash another member shares (a handful at most, often
 * none), because copying 100,000 IDs to another thread costs more than linking a tenth of them. Equal hashes are
 * found with an open-addressing table of the hashes (tie hashes are 32-bit integers).
 */
function idsOfEqualTies(table: MemberTable, size: number): ReadonlyMap<number, MemberId> {
  let bits = 4;
  while (1 << bits < size * 2) bits++;
  const mask = (1 << bits) - 1;
  const keys = new Float64Array(1 << bits).fill(-1);
  const firstSlot = new Int32Array(1 << bits);
  const ids = new Map<number, MemberId>();
  const keep = (slot: number): void => {
    const id = table.ids[slot];
    if (id !== undefined) ids.set(slot, id);
  };
  for (let slot = 0; slot < size; slot++) {
    const tie = table.tie[slot] ?? 0;
    let at = Math.imul(tie | 0, 0x9e3779b1) >>> (32 - bits);
    while (keys[at] !== -1 && keys[at] !== tie) at = (at + 1) & mask;
    if (keys[at] === tie) {
      keep(firstSlot[at] ?? 0);
      keep(slot);
    } else {
      keys[at] = tie;
      firstSlot[at] = slot;
    }
  }
  return ids;
}

/** What a helper thread needs to link members of `table` with its index, shared. */
export function shareTable(table: MemberTable, index: PackedIndex): SharedTable {
  const size = table.size;
  const record = table.record;
  const overflowing = new Uint8Array(size);
  for (let slot = 0; slot < size; slot++)
    overflowing[slot] = ((record[slot * RECORD + R_FLAGS] ?? 0) & F_OVERFLOW) === 0 ? 0 : 1;
  // Avoided IDs as slots; most members avoid no one.
  const avoided: (number[] | undefined)[] = new Array<number[] | undefined>(size);
  for (let slot = 0; slot < size; slot++) {
    const ids = table.avoid[slot];
    if (ids === undefined) continue;
    const slots: number[] = [];
    for (const id of ids) {
      const other = table.slotOf.get(id);
      if (other !== undefined) slots.push(other);
    }
    avoided[slot] = slots;
  }
  const gender = sharedArray(Int32Array, size);
  gender.set(table.gender.slice(0, size));
  return {
    size,
    tieIds: idsOfEqualTies(table, size),
    // The table keeps these in shared memory already (typed-arrays.ts); the helper only reads them.
    record,
    tie: table.tie,
    phase: table.phase,
    gender,
    codes: flatten(size, table.experienceCodes),
    languages: flatten(size, table.languages),
    strengths: flatten(size, table.strengths, overflowing),
    needs: flatten(size, table.needs, overflowing),
    wantGender: flatten(size, table.wantGender, overflowing),
    avoid: flatten(size, avoided),
    index,
  };
}

const listOf = (lists: SharedLists, slot: number): Int32Array =>
  lists.values.subarray(lists.offsets[slot] ?? 0, lists.offsets[slot + 1] ?? 0);

/** The helper thread's view of a shared table: the same answers the member table gives. */
export class SharedTableView implements TableView {
  readonly size: number;
  readonly record: Int32Array;
  readonly tie: Float64Array;
  readonly phase: Float64Array;
  readonly gender: Int32Array;

  constructor(private readonly shared: SharedTable) {
    this.size = shared.size;
    this.record = shared.record;
    this.tie = shared.tie;
    this.phase = shared.phase;
    this.gender = shared.gender;
  }

  codesOf(slot: number): IdList {
    return listOf(this.shared.codes, slot);
  }

  languagesOf(slot: number): IdList {
    return listOf(this.shared.languages, slot);
  }

  strengthsOf(slot: number): IdList {
    return listOf(this.shared.strengths, slot);
  }

  needsOf(slot: number): IdList {
    return listOf(this.shared.needs, slot);
  }

  wantGenderOf(slot: number): IdList {
    return listOf(this.shared.wantGender, slot);
  }

  avoids(a: number, b: number): boolean {
    const { offsets, values } = this.shared.avoid;
    for (let i = offsets[a] ?? 0, end = offsets[a + 1] ?? 0; i < end; i++) if (values[i] === b) return true;
    return false;
  }

  before(a: number, b: number): boolean {
    const ta = this.tie[a] ?? 0;
    const tb = this.tie[b] ?? 0;
    if (ta !== tb) return ta < tb;
    const ids = this.shared.tieIds;
    return (ids.get(a) ?? "") < (ids.get(b) ?? "");
  }
}
