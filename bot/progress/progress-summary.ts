import type { Goal } from "../goals/goal-store.ts";
import { addDays, isoWeek, weekdayOf, type LocalDate } from "../goals/local-date.ts";

/** One mood answer as progress reads it (the check-ins area records them; see bot/checkins/moods-store.ts). */
export interface MoodPoint {
  readonly localDate: LocalDate;
  readonly score: 1 | 2 | 3 | 4 | 5;
}

export interface WeekMood {
  readonly week: string;
  /** The Monday the week starts on. */
  readonly start: LocalDate;
  readonly average: number | null;
  readonly count: number;
}

export type Trend = "up" | "down" | "steady" | "unknown";

export const SUMMARY_WEEKS = 4;

/** Average mood per ISO week over the last `weeks` weeks (this one included), oldest first, empty weeks kept. */
export function weeklyMoods(
  moods: readonly MoodPoint[],
  today: LocalDate,
  weeks = SUMMARY_WEEKS,
): WeekMood[] {
  const thisMonday = addDays(today, -weekdayOf(today));
  return Array.from({ length: weeks }, (_, i) => {
    const start = addDays(thisMonday, -7 * (weeks - 1 - i));
    const end = addDays(start, 7);
    const scores = moods.filter((m) => m.localDate >= start && m.localDate < end).map((m) => m.score);
    const average = scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
    return { week: isoWeek(start), start, average, count: scores.length };
  });
}

/** Compares the latest week with an answer to the one before it; half a point either way counts as steady. */
export function moodTrend(weeks: readonly WeekMood[]): Trend {
  const known = weeks.filter((w) => w.average !== null);
  const last = known.at(-1)?.average;
  const before = known.at(-2)?.average;
  if (last === undefined || before === undefined || last === null || before === null) return "unknown";
  if (last - before >= 0.5) return "up";
  if (before - last >= 0.5) return "down";
  return "steady";
}

const TREND_WORDS: Record<Trend, string> = {
  up: "a little brighter than the week before",
  down: "a little lower than the week before. Harder weeks happen; your peers are there if you'd like to talk",
  steady: "about the same as the week before",
  unknown: "not enough answers yet to see a trend",
};

export interface GoalCounts {
  readonly done: number;
  readonly open: number;
  readonly stepsDone: number;
  readonly steps: number;
  readonly doneSince: number;
}

export function goalCounts(goals: readonly Goal[], since: Date): GoalCounts {
  const steps = goals.flatMap((g) => g.steps);
  return {
    done: goals.filter((g) => g.doneAt !== null).length,
    open: goals.filter((g) => g.doneAt === null).length,
    stepsDone: steps.filter((s) => s.doneAt !== null).length,
    steps: steps.length,
    doneSince: goals.filter((g) => g.doneAt !== null && g.doneAt >= since).length,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const oneDecimal = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/** The `progress` answer and the weekly summary: mood by week, the trend said kindly, goals and steps. */
export function progressText(input: {
  readonly moods: readonly MoodPoint[];
  readonly goals: readonly Goal[];
  readonly today: LocalDate;
  readonly now: Date;
}): string {
  const weeks = weeklyMoods(input.moods, input.today);
  const answers = weeks.reduce((n, w) => n + w.count, 0);
  const lines = [`Your progress over the last ${SUMMARY_WEEKS} weeks:`];
  if (answers === 0)
    lines.push("Mood: no check-in answers yet. Once you answer a few, you'll see how your weeks go.");
  else {
    const averages = weeks.map((w) => (w.average === null ? "–" : oneDecimal(w.average))).join(" → ");
    lines.push(`Mood (1–5, weekly average, oldest first): ${averages} from ${plural(answers, "answer")}.`);
    lines.push(`This week is ${TREND_WORDS[moodTrend(weeks)]}.`);
  }
  const counts = goalCounts(input.goals, new Date(input.now.getTime() - 7 * 86_400_000));
  if (counts.done + counts.open === 0)
    lines.push('Goals: none yet. "goal add …" or "goal smart" starts one.');
  else {
    const lately = counts.doneSince > 0 ? `, ${counts.doneSince} of them this week` : "";
    lines.push(`Goals: ${counts.done} done${lately}, ${counts.open} open.`);
    if (counts.steps > 0) lines.push(`Steps: ${counts.stepsDone} of ${counts.steps} done.`);
  }
  return lines.join("\n");
}
