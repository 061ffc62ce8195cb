import { FULL_OVERLAP_HOURS } from "./pair-facts.ts";
import { MIN_SHARED_HOURS } from "./pair-rules.ts";
import type { MemberTable } from "./member-table.ts";
import { complement, gendersAllowed, packedCount, sharedExperiences } from "./packed-pair.ts";
import {
  F_AVAILABLE,
  F_AVOID,
  F_OVERFLOW,
  F_WANT_STAGE_SHIFT,
  OFFERS,
  R_EXPERIENCES,
  R_FLAGS,
  R_WAITING,
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
    private readonly table: MemberTable,
    model: ScoreModel,
  ) {
    this.weights = featureVector(model.weights);
    this.pairing = model.pairing;
    this.waitingWeight = model.waitingPerWeek / WAITING_SCALE;
  }

  /** The pair's score, or -1 if a hard rule forbids it. `languageShared` skips a check the index already made. */
  score(a: number, b: number, languageShared = false): number {
    const rec = this.table.record;
    return this.scoreRecords(a, rec, a * RECORD, b, rec, b * RECORD, languageShared);
  }

  /** As `score`, reading b's record from a copy (the index keeps copies next to each other). */
  scoreRecords(
    a: number,
    rec: Int32Array,
    ra: number,
    b: number,
    recB: Int32Array,
    rb: number,
    languageShared: boolean,
  ): number {
    const fa = rec[ra + R_FLAGS] ?? 0;
    const fb = recB[rb + R_FLAGS] ?? 0;
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
    if (overflow ? !this.gendersAllowedSlow(a, b) : !gendersAllowed(rec, ra, recB, rb)) return -1;
    let overlap = 0;
    for (let w = 0; w < WEEK_WORDS; w++)
      overlap += popcount((rec[ra + R_WEEK + w] ?? 0) & (recB[rb + R_WEEK + w] ?? 0));
    if (overlap < MIN_SHARED_HOURS) return -1;
    if (((fa | fb) & F_AVOID) !== 0 && (this.avoided(a, b) || this.avoided(b, a))) return -1;
    if (
      !languageShared &&
      intersectionSize(this.table.languages[a] ?? [], this.table.languages[b] ?? []) === 0
    )
      return -1;
    const stagesA = (fa >> F_WANT_STAGE_SHIFT) & 3;
    const stagesB = (fb >> F_WANT_STAGE_SHIFT) & 3;
    const t = this.table;
    const shared = overflow
      ? sharedExperiences(
          t.experienceCodes[a] ?? [],
          0,
          t.experienceCodes[a]?.length ?? 0,
          stagesA,
          roleA,
          t.experienceCodes[b] ?? [],
          0,
          t.experienceCodes[b]?.length ?? 0,
          stagesB,
          roleB,
          this.features,
        )
      : sharedExperiences(
          rec,
          ra + R_EXPERIENCES,
          packedCount(rec, ra + R_EXPERIENCES),
          stagesA,
          roleA,
          recB,
          rb + R_EXPERIENCES,
          packedCount(recB, rb + R_EXPERIENCES),
          stagesB,
          roleB,
          this.features,
        );
    if (!shared) return -1;

    const f = this.features;
    f[3] = overflow ? this.complementSlow(a, b) : complement(rec, ra, recB, rb);
    f[4] = Math.min(overlap, FULL_OVERLAP_HOURS) / FULL_OVERLAP_HOURS;
    const ca = (fa >> 3) & 7;
    const cb = (fb >> 3) & 7;
    const shorter = Math.min(popcount(ca), popcount(cb));
    f[5] = shorter === 0 ? 0 : popcount(ca & cb) / shorter;
    f[6] =
      ((roleA & SEEKS) !== 0 && (roleB & OFFERS) !== 0) || ((roleB & SEEKS) !== 0 && (roleA & OFFERS) !== 0)
        ? 1
        : 0;
    let sum = this.pairing + this.waitingWeight * ((rec[ra + R_WAITING] ?? 0) + (recB[rb + R_WAITING] ?? 0));
    for (let i = 0; i < f.length; i++) sum += (this.weights[i] ?? 0) * (f[i] ?? 0);
    return sum;
  }

  private avoided(a: number, b: number): boolean {
    const avoid = this.table.avoid[a];
    const other = this.table.ids[b];
    return avoid !== undefined && avoid.size > 0 && other !== undefined && avoid.has(other);
  }

  private gendersAllowedSlow(a: number, b: number): boolean {
    const allows = (x: number, y: number): boolean => {
      const wanted = this.table.wantGender[x];
      return wanted == null || wanted.includes(this.table.gender[y] ?? -1);
    };
    return allows(a, b) && allows(b, a);
  }

  private complementSlow(a: number, b: number): number {
    const t = this.table;
    const needsA = t.needs[a] ?? [];
    const needsB = t.needs[b] ?? [];
    const count = needsA.length + needsB.length;
    if (count === 0) return 0;
    return (
      (intersectionSize(needsA, t.strengths[b] ?? []) + intersectionSize(needsB, t.strengths[a] ?? [])) /
      count
    );
  }
}
