import { FULL_OVERLAP_HOURS } from "./pair-facts.ts";
import { MIN_SHARED_HOURS } from "./pair-rules.ts";
import type { IdList, TableView } from "./table-view.ts";
import { complement, gendersAllowed, packedSharedExperiences, sharedExperiences } from "./packed-pair.ts";
import {
  F_AVAILABLE,
  F_AVOID,
  F_OVERFLOW,
  F_WANT_STAGE_SHIFT,
  MASK_LIMIT,
  OFFERS,
  R_EXPERIENCES,
  R_FLAGS,
  R_NEEDS,
  R_STRENGTHS,
  R_WAITING,
  R_WANT_GENDER,
  R_WEEK,
  RECORD,
  SEEKS,
  WAITING_SCALE,
} from "./packed-record.ts";
import { FEATURES, featureVector, type ScoreModel } from "./score-model.ts";
import { intersectionSize } from "./vocabulary.ts";
import { popcount, WEEK_WORDS } from "./weekly-hours.ts";

/**
 * The hot path: the hard rules and the score of two table slots, on packed records and bit sets. It must agree
 * with brokenRule and pairFacts (pair-rules.ts, pair-facts.ts), which the property tests check.
 */
export class PairEvaluator {
  /** The features of the last pair scored, in FEATURES order. */
  readonly features = new Float64Array(FEATURES.length);
  private readonly weights: Float64Array;
  private readonly pairing: number;
  private readonly waitingWeight: number;

  constructor(
    private readonly table: TableView,
    model: ScoreModel,
  ) {
    this.weights = featureVector(model.weights);
    // scoreBeforeHistory adds the seven features' terms one by one.
    if (FEATURES.length !== 7) throw new Error("the evaluator's weighted sum lists 7 features");
    this.pairing = model.pairing;
    this.waitingWeight = model.waitingPerWeek / WAITING_SCALE;
  }

  /** The pair's score, or -1 if a hard rule forbids it. `languageShared` skips a check the index already made. */
  score(a: number, b: number, languageShared = false): number {
    const score = this.scoreBeforeHistory(a, b, languageShared);
    return score >= 0 && this.historyAllows(a, b) ? score : -1;
  }

  /** False if the two must never be suggested (a block, a pairing now, one that ended badly). */
  historyAllows(a: number, b: number): boolean {
    const rec = this.table.record;
    if ((((rec[a * RECORD + R_FLAGS] ?? 0) | (rec[b * RECORD + R_FLAGS] ?? 0)) & F_AVOID) === 0) return true;
    return !this.table.avoids(a, b) && !this.table.avoids(b, a);
  }

  /**
   * As `score`, but without the history check, which looks up member IDs in sets: the candidate search makes it
   * only for a pair good enough to keep.
   */
  scoreBeforeHistory(a: number, b: number, languageShared: boolean): number {
    const rec = this.table.record;
    const ra = a * RECORD;
    const rb = b * RECORD;
    const fa = rec[ra + R_FLAGS] ?? 0;
    const fb = rec[rb + R_FLAGS] ?? 0;
    if (a === b || (fa & fb & F_AVAILABLE) === 0) return -1;
    const roleA = (fa >> 1) & 3;
    const roleB = (fb >> 1) & 3;
    if (((roleA | roleB) & SEEKS) === 0) return -1;
    const wantAgeA = (fa >> 11) & 31;
    const wantAgeB = (fb >> 11) & 31;
    if (
      (wantAgeA !== 0 && (wantAgeA & (fb >> 6) & 31) === 0) ||
      (wantAgeB !== 0 && (wantAgeB & (fa >> 6) & 31) === 0)
    )
      return -1;
    const overflow = ((fa | fb) & F_OVERFLOW) !== 0;
    if (overflow ? !this.gendersAllowedSlow(a, b) : !gendersAllowed(rec, ra, rec, rb)) return -1;
    // sharedWeekHours, written out: the hot path's call is not inlined (35 ms more per 5.5M pairs, measured).
    let overlap = 0;
    for (let w = 0; w < WEEK_WORDS; w++)
      overlap += popcount((rec[ra + R_WEEK + w] ?? 0) & (rec[rb + R_WEEK + w] ?? 0));
    if (overlap < MIN_SHARED_HOURS) return -1;
    if (!languageShared && intersectionSize(this.table.languagesOf(a), this.table.languagesOf(b)) === 0)
      return -1;
    const stagesA = (fa >> F_WANT_STAGE_SHIFT) & 3;
    const stagesB = (fb >> F_WANT_STAGE_SHIFT) & 3;
    const t = this.table;
    const shared = overflow
      ? sharedExperiences(t.codesOf(a), stagesA, roleA, t.codesOf(b), stagesB, roleB, this.features)
      : packedSharedExperiences(
          rec,
          ra + R_EXPERIENCES,
          rb + R_EXPERIENCES,
          stagesA,
          roleA,
          stagesB,
          roleB,
          this.features,
        );
    if (!shared) return -1;

    const f = this.features;
    const complemented = overflow ? this.complementSlow(a, b) : complement(rec, ra, rec, rb);
    const hours = Math.min(overlap, FULL_OVERLAP_HOURS) / FULL_OVERLAP_HOURS;
    const ca = (fa >> 3) & 7;
    const cb = (fb >> 3) & 7;
    const shorter = Math.min(popcount(ca), popcount(cb));
    const channels = shorter === 0 ? 0 : popcount(ca & cb) / shorter;
    const roles =
      ((roleA & SEEKS) !== 0 && (roleB & OFFERS) !== 0) || ((roleB & SEEKS) !== 0 && (roleA & OFFERS) !== 0)
        ? 1
        : 0;
    f[3] = complemented;
    f[4] = hours;
    f[5] = channels;
    f[6] = roles;
    // The weighted sum in FEATURES order, as locals (the same additions, in the same order, as a loop).
    const w = this.weights;
    let sum = this.pairing + this.waitingWeight * ((rec[ra + R_WAITING] ?? 0) + (rec[rb + R_WAITING] ?? 0));
    sum += (w[0] ?? 0) * (f[0] ?? 0);
    sum += (w[1] ?? 0) * (f[1] ?? 0);
    sum += (w[2] ?? 0) * (f[2] ?? 0);
    sum += (w[3] ?? 0) * complemented;
    sum += (w[4] ?? 0) * hours;
    sum += (w[5] ?? 0) * channels;
    sum += (w[6] ?? 0) * roles;
    return sum;
  }

  /**
   * The slow paths, for pairs where either record overflows: lists for both, from the table for a member that
   * overflows and from the record's masks (the same interned IDs) for one that does not.
   */
  private gendersAllowedSlow(a: number, b: number): boolean {
    const allows = (x: number, y: number): boolean => {
      const wanted = this.overflows(x) ? this.table.wantGenderOf(x) : this.maskList(x, R_WANT_GENDER);
      return wanted.length === 0 || includes(wanted, this.table.gender[y] ?? -1);
    };
    return allows(a, b) && allows(b, a);
  }

  private complementSlow(a: number, b: number): number {
    const needsA = this.tags(a, R_NEEDS);
    const needsB = this.tags(b, R_NEEDS);
    const count = needsA.length + needsB.length;
    if (count === 0) return 0;
    return (
      (intersectionSize(needsA, this.tags(b, R_STRENGTHS)) +
        intersectionSize(needsB, this.tags(a, R_STRENGTHS))) /
      count
    );
  }

  private overflows(slot: number): boolean {
    return ((this.table.record[slot * RECORD + R_FLAGS] ?? 0) & F_OVERFLOW) !== 0;
  }

  private tags(slot: number, field: typeof R_NEEDS | typeof R_STRENGTHS): IdList {
    if (!this.overflows(slot)) return this.maskList(slot, field);
    return field === R_NEEDS ? this.table.needsOf(slot) : this.table.strengthsOf(slot);
  }

  /** The IDs whose bits are set in the record's mask at `field`, ascending. */
  private maskList(slot: number, field: number): number[] {
    const mask = this.table.record[slot * RECORD + field] ?? 0;
    const ids: number[] = [];
    for (let id = 0; id < MASK_LIMIT; id++) if ((mask & (1 << id)) !== 0) ids.push(id);
    return ids;
  }
}

function includes(list: IdList, id: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === id) return true;
  return false;
}
