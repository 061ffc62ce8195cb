import type { PairHistory } from "./pair-history.ts";
import { hashString } from "./random.ts";
import { F_AVOID, MASK_LIMIT, overflows, R_FLAGS, RECORD, writeRecord } from "./packed-record.ts";
import type { IdList, TableView } from "./table-view.ts";
import { grown } from "./typed-arrays.ts";
import { insertSorted, ListPool, Vocabulary } from "./vocabulary.ts";
import { dailyPhase } from "./weekly-hours.ts";
import type { MatchCandidate, MemberId } from "./types.ts";

const NO_IDS: readonly number[] = Object.freeze([]);
function filled<T>(n: number, value: T): T[] {
  return new Array<T>(n).fill(value);
}

/** Experience codes sort and deduplicate by key, whatever the stage bit. */
const experienceKey = (code: number): number => code >> 1;

/** Members compiled for the engine; slots are reused after removal, `slotOf` maps IDs to slots. */
export class MemberTable implements TableView {
  readonly experiences = new Vocabulary();
  readonly languageWords = new Vocabulary();
  readonly tags = new Vocabulary();
  readonly genderWords = new Vocabulary();
  readonly slotOf = new Map<MemberId, number>();
  private readonly lists = new ListPool();
  private readonly scratch: number[] = [];
  private readonly freeSlots: number[] = [];
  size = 0;

  ids: MemberId[] = [];
  sources: (MatchCandidate | null)[] = [];
  /** Experience key × 2 + (1 if past), sorted; the first entry for a key counts. */
  experienceCodes: (readonly number[])[] = [];
  languages: (readonly number[])[] = [];
  /** Tags and gender filters as lists, kept only for members whose record overflows (see F_OVERFLOW); the
   * evaluator reads everyone else's from the record's masks. */
  strengths: (readonly number[])[] = [];
  needs: (readonly number[])[] = [];
  wantGender: (readonly number[] | null)[] = [];
  gender: number[] = [];
  avoid: (ReadonlySet<MemberId> | undefined)[] = [];
  /**
   * Hashes of the IDs in `avoid`, and of each member's own ID, so the evaluator can rule most pairs out without
   * reading ID strings scattered across the heap (a hit is confirmed on the set).
   */
  avoidHashes: (readonly number[] | undefined)[] = [];
  idHash: Uint32Array = new Uint32Array(0);

  record: Int32Array = new Int32Array(0);
  tie: Float64Array = new Float64Array(0);
  phase: Float64Array = new Float64Array(0);
  spare: Int32Array = new Int32Array(0);
  available: Uint8Array = new Uint8Array(0);
  /** 1 when the member is waiting for a peer (waitingSince set), so reports need not touch every member. */
  waiting: Uint8Array = new Uint8Array(0);

  constructor(
    readonly seed: number,
    readonly now: Date,
    readonly history: PairHistory,
    capacity = 64,
  ) {
    this.grow(capacity);
  }

  /**
   * Adds the member, or replaces what the table held for them; returns their slot. `tie` and `phase` may be
   * given when already worked out (the ID's hash under the seed, dailyPhase).
   */
  put(
    member: MatchCandidate,
    tie = hashString(member.id, this.seed),
    phase = dailyPhase(member.weeklyHours),
  ): number {
    let slot = this.slotOf.get(member.id);
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.size++;
      if (slot >= this.tie.length) this.grow(Math.max(64, this.tie.length * 2));
      this.slotOf.set(member.id, slot);
    }
    this.write(slot, member, tie, phase);
    return slot;
  }

  /**
   * Fills an empty table in one go: member i gets slot `slots[i]` (a permutation of 0 … n−1). The members are
   * read in their own order, which is the order they sit in memory: at 100,000 members, reading them in slot
   * order costs more in cache misses than compiling them does. False (and the table left empty) if two members
   * share an ID; `put` one by one then decides which one counts.
   */
  putAll(
    members: readonly MatchCandidate[],
    slots: Int32Array,
    tie: Float64Array,
    phase: Float64Array,
  ): boolean {
    const n = members.length;
    if (this.size !== 0) throw new Error("putAll needs an empty table");
    if (n > this.tie.length) this.grow(n);
    this.ids = filled(n, "" as MemberId);
    this.sources = filled<MatchCandidate | null>(n, null);
    this.experienceCodes = filled(n, NO_IDS);
    this.languages = filled(n, NO_IDS);
    this.strengths = filled(n, NO_IDS);
    this.needs = filled(n, NO_IDS);
    this.wantGender = filled<readonly number[] | null>(n, null);
    this.gender = filled(n, -1);
    this.avoid = filled<ReadonlySet<MemberId> | undefined>(n, undefined);
    this.avoidHashes = filled<readonly number[] | undefined>(n, undefined);
    for (let i = 0; i < n; i++) {
      const member = members[i];
      const slot = slots[i] ?? 0;
      if (member === undefined) continue;
      this.slotOf.set(member.id, slot);
      this.write(slot, member, tie[i] ?? 0, phase[i] ?? 0, false);
    }
    if (this.slotOf.size === n) {
      this.size = n;
      // From the history's side: a few thousand members avoid someone, and looking up the other 100,000 costs more.
      for (const id of this.history.avoiding()) {
        const slot = this.slotOf.get(id);
        if (slot !== undefined) this.refreshAvoid(slot);
      }
      return true;
    }
    this.slotOf.clear();
    return false;
  }

  /** `readHistory` false: the caller sets the member's avoided members afterwards (putAll, all at once). */
  private write(slot: number, member: MatchCandidate, tie: number, phase: number, readHistory = true): void {
    const available = member.status === "active" && member.load < member.capacity;
    this.ids[slot] = member.id;
    this.sources[slot] = member;
    this.tie[slot] = tie;
    this.phase[slot] = phase;
    this.spare[slot] = Math.max(0, member.capacity - member.load);
    this.available[slot] = available ? 1 : 0;
    this.waiting[slot] = member.waitingSince === null ? 0 : 1;
    const codes = this.scratch;
    codes.length = 0;
    for (const e of member.experiences)
      insertSorted(codes, this.experiences.idOf(e.id) * 2 + (e.stage === "past" ? 1 : 0), experienceKey);
    const experienceCodes = this.lists.shared(codes);
    this.experienceCodes[slot] = experienceCodes;
    this.languages[slot] = this.lists.shared(
      this.languageWords.sortedIdsInto(member.languages, this.scratch),
    );
    const gender = member.attributes.gender === null ? -1 : this.genderWords.idOf(member.attributes.gender);
    const genders = member.filters.genders;
    const lists = {
      experienceCodes,
      strengths: this.tags.maskOf(member.strengths, MASK_LIMIT),
      needs: this.tags.maskOf(member.needs, MASK_LIMIT),
      gender,
      wantGender: genders.length === 0 ? 0 : this.genderWords.maskOf(genders, MASK_LIMIT),
    };
    this.gender[slot] = gender;
    this.idHash[slot] = hashString(member.id, 0);
    if (readHistory) this.setAvoid(slot, member.id);
    else {
      this.avoid[slot] = undefined;
      this.avoidHashes[slot] = undefined;
    }
    // Lists only where the record cannot hold them; the evaluator reads masks for everyone else.
    const overflow = overflows(lists);
    this.strengths[slot] = overflow ? this.tags.sortedIds(member.strengths) : NO_IDS;
    this.needs[slot] = overflow ? this.tags.sortedIds(member.needs) : NO_IDS;
    this.wantGender[slot] = overflow && genders.length > 0 ? this.genderWords.sortedIds(genders) : null;
    writeRecord(
      this.record,
      slot * RECORD,
      member,
      lists,
      available,
      this.avoid[slot] !== undefined,
      this.now,
    );
  }

  remove(id: MemberId): number | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    this.slotOf.delete(id);
    this.sources[slot] = null;
    this.available[slot] = 0;
    this.waiting[slot] = 0;
    this.record[slot * RECORD + R_FLAGS] = 0;
    this.freeSlots.push(slot);
    return slot;
  }

  /** Re-reads the member's blocks and pairings after the history changed. */
  refreshAvoid(slot: number): void {
    const id = this.ids[slot];
    if (id === undefined) return;
    this.setAvoid(slot, id);
    const r = slot * RECORD + R_FLAGS;
    this.record[r] = ((this.record[r] ?? 0) & ~F_AVOID) | (this.avoid[slot] === undefined ? 0 : F_AVOID);
  }

  private setAvoid(slot: number, id: MemberId): void {
    const avoid = this.history.avoided(id);
    this.avoid[slot] = avoid;
    this.avoidHashes[slot] =
      avoid === undefined ? undefined : Array.from(avoid, (other) => hashString(other, 0));
  }

  source(slot: number): MatchCandidate {
    const member = this.sources[slot];
    if (member == null) throw new Error(`slot ${slot} holds no member`);
    return member;
  }

  /** Deterministic order for a seed: by hash, then by ID; never by insertion order. */
  before(a: number, b: number): boolean {
    const ta = this.tie[a] ?? 0;
    const tb = this.tie[b] ?? 0;
    if (ta !== tb) return ta < tb;
    return (this.ids[a] ?? "") < (this.ids[b] ?? "");
  }

  codesOf(slot: number): IdList {
    return this.experienceCodes[slot] ?? NO_IDS;
  }

  languagesOf(slot: number): IdList {
    return this.languages[slot] ?? NO_IDS;
  }

  strengthsOf(slot: number): IdList {
    return this.strengths[slot] ?? NO_IDS;
  }

  needsOf(slot: number): IdList {
    return this.needs[slot] ?? NO_IDS;
  }

  wantGenderOf(slot: number): IdList {
    return this.wantGender[slot] ?? NO_IDS;
  }

  /** Compares ID hashes first (table-local numbers), and confirms a match on the ID set. */
  avoids(a: number, b: number): boolean {
    const hashes = this.avoidHashes[a];
    if (hashes === undefined) return false;
    const hash = this.idHash[b];
    for (const h of hashes) {
      if (h !== hash) continue;
      const other = this.ids[b];
      return other !== undefined && this.avoid[a]?.has(other) === true;
    }
    return false;
  }

  private grow(capacity: number): void {
    this.record = grown(this.record, capacity * RECORD);
    this.tie = grown(this.tie, capacity);
    this.phase = grown(this.phase, capacity);
    this.spare = grown(this.spare, capacity);
    this.available = grown(this.available, capacity);
    this.idHash = grown(this.idHash, capacity);
    this.waiting = grown(this.waiting, capacity);
  }
}
