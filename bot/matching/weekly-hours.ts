/** A week of UTC hour slots (0 = Monday 00:00 UTC … 167) as a 168-bit set in six 32-bit words. */
export const HOURS_PER_WEEK = 168;
export const WEEK_WORDS = 6;

export function popcount(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Writes the hours into `into` at `offset` (six words); hours outside 0–167 are ignored. */
export function writeWeek(hours: readonly number[], into: Uint32Array, offset: number): void {
  into.fill(0, offset, offset + WEEK_WORDS);
  for (const hour of hours) {
    if (hour >>> 0 !== hour || hour >= HOURS_PER_WEEK) continue;
    const at = offset + (hour >>> 5);
    into[at] = ((into[at] ?? 0) | (1 << (hour & 31))) >>> 0;
  }
}

export function overlapHours(a: Uint32Array, aOffset: number, b: Uint32Array, bOffset: number): number {
  let count = 0;
  for (let w = 0; w < WEEK_WORDS; w++) count += popcount((a[aOffset + w] ?? 0) & (b[bOffset + w] ?? 0));
  return count;
}

const marks = new Int32Array(HOURS_PER_WEEK);
let markRound = 0;

/** Hours both lists share, ascending (duplicates and out-of-range hours ignored). */
export function sharedHours(a: readonly number[], b: readonly number[]): number[] {
  markRound++;
  for (const hour of a) if (hour >>> 0 === hour && hour < HOURS_PER_WEEK) marks[hour] = markRound;
  const shared: number[] = [];
  markRound++;
  for (const hour of b) {
    if (hour >>> 0 !== hour || hour >= HOURS_PER_WEEK || marks[hour] !== markRound - 1) continue;
    marks[hour] = markRound;
    shared.push(hour);
  }
  return shared.sort((x, y) => x - y);
}

/** How many hours both lists share (what `sharedHours(a, b).length` is, without building the list). */
export function sharedHourCount(a: readonly number[], b: readonly number[]): number {
  markRound++;
  for (const hour of a) if (hour >>> 0 === hour && hour < HOURS_PER_WEEK) marks[hour] = markRound;
  const first = markRound;
  markRound++;
  let count = 0;
  for (const hour of b) {
    if (hour >>> 0 !== hour || hour >= HOURS_PER_WEEK || marks[hour] !== first) continue;
    marks[hour] = markRound;
    count++;
  }
  return count;
}

const COS = Array.from({ length: 24 }, (_, h) => Math.cos((h / 24) * 2 * Math.PI));
const SIN = Array.from({ length: 24 }, (_, h) => Math.sin((h / 24) * 2 * Math.PI));

export function dailyPhase(hours: readonly number[]): number {
  let x = 0;
  let y = 0;
  for (const hour of hours) {
    const h = (((hour % 24) + 24) % 24) | 0;
    x += COS[h] ?? 0;
    y += SIN[h] ?? 0;
  }
  if (Math.abs(x) < 1e-9 && Math.abs(y) < 1e-9) return 0;
  const angle = Math.atan2(y, x);
  return ((((angle / (2 * Math.PI)) * 24) % 24) + 24) % 24;
}

/** UTC hour slots of `[start, end)` intervals in hours of the week; an interval may wrap past Sunday night. */
export function hoursFromIntervals(
  intervals: readonly { readonly start: number; readonly end: number }[],
): number[] {
  const hours = new Set<number>();
  for (const { start, end } of intervals) {
    const length = (((end - start) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
    for (let i = 0; i < length; i++)
      hours.add((((Math.floor(start) + i) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK);
  }
  return [...hours].sort((a, b) => a - b);
}
