import type { PairHistory } from "./pair-history.ts";
import { hashString } from "./random.ts";
import { F_AVOID, overflows, R_FLAGS, RECORD, writeRecord } from "./packed-record.ts";
import { grown } from "./typed-arrays.ts";
import { Vocabulary } from "./vocabulary.ts";
import { dailyPhase } from "./weekly-hours.ts";
import type { MatchCandidate, MemberId } from "./types.ts";

const NO_IDS: readonly number[] = Object.freeze([]);

/** Members compiled for the engine; slots are reused after removal, `slotOf` maps IDs to slots. */
export class MemberTable {
  readonly experiences = new Vocabulary();
  readonly languageWords = new Vocabulary();
  readonly tags = new Vocabulary();
  readonly genderWords = new Vocabulary();
  readonly slotOf = new Map<MemberId, number>();
  private readonly freeSlots: number[] = [];
  size = 0;

  ids: MemberId[] = [];
  sources: (MatchCandidate | null)[] = [];
  /** Experience key × 2 + (1 if past), sorted; the first entry for a key counts. */
  experienceCodes: (readonly number[])[] = [];
  languages: (readonly number[])[] = [];
  /** Tags and gender filters as lists, kept only for members whose record overflows (see F_OVERFLOW). */
  strengths: (readonly number[])[] = [];
  needs: (readonly number[])[] = [];
  wantGender: (readonly number[] | null)[] = [];
  gender: number[] = [];
  avoid: (ReadonlySet<MemberId> | undefined)[] = [];

  record = new Int32Array(0);
  tie = new Float64Array(0);
  phase = new Float64Array(0);
  spare = new Int32Array(0);
  available = new Uint8Array(0);

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
    const available = member.status === "active" && member.load < member.capacity;
    this.ids[slot] = member.id;
    this.sources[slot] = member;
    this.tie[slot] = tie;
    this.phase[slot] = phase;
    this.spare[slot] = Math.max(0, member.capacity - member.load);
    this.available[slot] = available ? 1 : 0;
    const experienceCodes: number[] = [];
    for (const e of member.experiences) {
      const code = this.experiences.idOf(e.id) * 2 + (e.stage === "past" ? 1 : 0);
      let at = experienceCodes.length;
      while (at > 0 && (experienceCodes[at - 1] ?? 0) >> 1 > code >> 1) at--;
      if (at > 0 && (experienceCodes[at - 1] ?? 0) >> 1 === code >> 1) continue;
      experienceCodes.splice(at, 0, code);
    }
    this.experienceCodes[slot] = experienceCodes;
    this.languages[slot] = this.languageWords.sortedIds(member.languages);
    const strengths = this.tags.sortedIds(member.strengths);
    const needs = this.tags.sortedIds(member.needs);
    const gender = member.attributes.gender === null ? -1 : this.genderWords.idOf(member.attributes.gender);
    const wantGender =
      member.filters.genders.length === 0 ? null : this.genderWords.sortedIds(member.filters.genders);
    this.gender[slot] = gender;
    this.avoid[slot] = this.history.avoided(member.id);

    const lists = { experienceCodes, strengths, needs, gender, wantGender };
    const overflow = overflows(lists);
    this.strengths[slot] = overflow ? strengths : NO_IDS;
    this.needs[slot] = overflow ? needs : NO_IDS;
    this.wantGender[slot] = overflow ? wantGender : null;
    writeRecord(this.record, slot * RECORD, member, lists, {
      available,
      avoids: this.avoid[slot] !== undefined,
      now: this.now,
    });
    return slot;
  }

  remove(id: MemberId): number | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    this.slotOf.delete(id);
    this.sources[slot] = null;
    this.available[slot] = 0;
    this.record[slot * RECORD + R_FLAGS] = 0;
    this.freeSlots.push(slot);
    return slot;
  }

  /** Re-reads the member's blocks and pairings after the history changed. */
  refreshAvoid(slot: number): void {
    const id = this.ids[slot];
    if (id === undefined) return;
    this.avoid[slot] = this.history.avoided(id);
    const r = slot * RECORD + R_FLAGS;
    this.record[r] = ((this.record[r] ?? 0) & ~F_AVOID) | (this.avoid[slot] === undefined ? 0 : F_AVOID);
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

  private grow(capacity: number): void {
    this.record = grown(this.record, capacity * RECORD);
    this.tie = grown(this.tie, capacity);
    this.phase = grown(this.phase, capacity);
    this.spare = grown(this.spare, capacity);
    this.available = grown(this.available, capacity);
  }
}
