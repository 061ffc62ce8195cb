import { addDays, daysBetween, type LocalDate } from "../bot/goals/local-date.ts";

/** A day's mood: the average of that day's answers on the 1–5 scale. */
export interface DailyMood {
  readonly date: LocalDate;
  readonly score: number;
}

export interface ChartText {
  readonly title: string;
  readonly description: string;
  readonly xAxis: string;
  readonly yAxis: string;
  readonly empty: string;
  /** A date on the x axis, e.g. "1 Dec". */
  readonly shortDate: (date: LocalDate) => string;
}

// Small enough that its text stays readable when a phone shrinks it to ~290 px; the stylesheet caps its width.
const WIDTH = 400;
const HEIGHT = 240;
const PLOT = { left: 44, right: 18, top: 12, bottom: 50 } as const;
const PLOT_W = WIDTH - PLOT.left - PLOT.right;
const PLOT_H = HEIGHT - PLOT.top - PLOT.bottom;

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The mood chart as standalone SVG markup: no script, no inline style (the pages' CSP forbids both), colours as
 * presentation attributes (restyled by classes in the stylesheet), a title and description for screen readers.
 * Days without an answer leave a gap in the line; a lone day is a dot.
 */
export function moodChartSvg(
  moods: readonly DailyMood[],
  from: LocalDate,
  to: LocalDate,
  text: ChartText,
): string {
  const days = Math.max(1, daysBetween(from, to) + 1);
  const x = (date: LocalDate) =>
    round(PLOT.left + (days === 1 ? PLOT_W / 2 : (daysBetween(from, date) / (days - 1)) * PLOT_W));
  const y = (score: number) => round(PLOT.top + ((5 - score) / 4) * PLOT_H);
  const inRange = moods
    .filter((m) => m.date >= from && m.date <= to && m.score >= 1 && m.score <= 5)
    .sort((a, b) => (a.date < b.date ? -1 : 1));

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="mood-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="mood-chart-title mood-chart-desc">`,
    `<title id="mood-chart-title">${escape(text.title)}</title>`,
    `<desc id="mood-chart-desc">${escape(text.description)}</desc>`,
  ];
  for (let score = 1; score <= 5; score += 1) {
    parts.push(
      `<line class="chart-grid" x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(score)}" y2="${y(score)}" stroke="#c9ced6" stroke-width="1"/>`,
      `<text class="chart-label" x="${PLOT.left - 10}" y="${y(score) + 5}" text-anchor="end" fill="#1f2933" font-size="15">${score}</text>`,
    );
  }
  const ticks = new Set<LocalDate>([from, to]);
  for (let day = 7; day < days - 3; day += 7) ticks.add(addDays(from, day));
  for (const tick of [...ticks].sort()) {
    // The first and last labels align with the plot's edges so neither is cut off.
    const anchor = days === 1 ? "middle" : tick === from ? "start" : tick === to ? "end" : "middle";
    parts.push(
      `<text class="chart-label" x="${x(tick)}" y="${HEIGHT - PLOT.bottom + 20}" text-anchor="${anchor}" fill="#1f2933" font-size="14">${escape(text.shortDate(tick))}</text>`,
    );
  }
  parts.push(
    `<line class="chart-axis" x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${HEIGHT - PLOT.bottom}" stroke="#1f2933" stroke-width="1.5"/>`,
    `<line class="chart-axis" x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${HEIGHT - PLOT.bottom}" y2="${HEIGHT - PLOT.bottom}" stroke="#1f2933" stroke-width="1.5"/>`,
    `<text class="chart-axis-title" x="${PLOT.left + PLOT_W / 2}" y="${HEIGHT - 6}" text-anchor="middle" fill="#1f2933" font-size="15">${escape(text.xAxis)}</text>`,
    `<text class="chart-axis-title" x="14" y="${PLOT.top + PLOT_H / 2}" text-anchor="middle" fill="#1f2933" font-size="15" transform="rotate(-90 14 ${PLOT.top + PLOT_H / 2})">${escape(text.yAxis)}</text>`,
  );

  if (inRange.length === 0)
    parts.push(
      `<text class="chart-empty" x="${PLOT.left + PLOT_W / 2}" y="${PLOT.top + PLOT_H / 2}" text-anchor="middle" fill="#1f2933" font-size="17">${escape(text.empty)}</text>`,
    );
  for (const segment of segments(inRange))
    if (segment.length > 1)
      parts.push(
        `<polyline class="chart-line" fill="none" stroke="#1d4f91" stroke-width="2.5" stroke-linejoin="round" points="${segment.map((m) => `${x(m.date)},${y(m.score)}`).join(" ")}"/>`,
      );
  for (const mood of inRange)
    parts.push(
      `<circle class="chart-point" cx="${x(mood.date)}" cy="${y(mood.score)}" r="4" fill="#1d4f91"/>`,
    );
  parts.push("</svg>");
  return parts.join("");
}

/** Runs of consecutive days: a missing day breaks the line rather than drawing a slope nobody reported. */
function segments(moods: readonly DailyMood[]): DailyMood[][] {
  const runs: DailyMood[][] = [];
  let current: DailyMood[] = [];
  for (const mood of moods) {
    const last = current.at(-1);
    if (last !== undefined && daysBetween(last.date, mood.date) > 1) {
      runs.push(current);
      current = [];
    }
    current.push(mood);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** Several answers on one day become that day's average. */
export function dailyMoods(
  moods: readonly { readonly localDate: LocalDate; readonly score: number }[],
): DailyMood[] {
  const byDay = new Map<LocalDate, number[]>();
  for (const mood of moods) byDay.set(mood.localDate, [...(byDay.get(mood.localDate) ?? []), mood.score]);
  return [...byDay]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, scores]) => ({ date, score: scores.reduce((a, b) => a + b, 0) / scores.length }));
}
