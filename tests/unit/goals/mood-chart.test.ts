import { describe, expect, it } from "vitest";
import { dailyMoods, moodChartSvg, type ChartText } from "../../../web/mood-chart.ts";

const TEXT: ChartText = {
  title: "Mood, 1–5 <daily>",
  description: "Your daily mood & more",
  xAxis: "Day",
  yAxis: "Mood (1 low, 5 high)",
  empty: "No answers yet",
  shortDate: (date) => date.slice(5),
};
const FROM = "2026-11-04";
const TO = "2026-12-01";

const points = (svg: string) =>
  [...svg.matchAll(/<circle [^>]*cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
const lines = (svg: string) =>
  [...svg.matchAll(/<polyline [^>]*points="([^"]+)"/g)].map((m) => (m[1] ?? "").split(" ").length);

describe("the mood chart (SVG)", () => {
  it("is accessible, escaped and free of inline styles and scripts", () => {
    const svg = moodChartSvg([], FROM, TO, TEXT);
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" [^>]*role="img" aria-labelledby="mood-chart-title mood-chart-desc">/,
    );
    expect(svg).toContain('<title id="mood-chart-title">Mood, 1–5 &lt;daily&gt;</title>');
    expect(svg).toContain('<desc id="mood-chart-desc">Your daily mood &amp; more</desc>');
    expect(svg).toContain(">Day</text>");
    expect(svg).toContain(">Mood (1 low, 5 high)</text>");
    expect(svg).not.toMatch(/style=|<script|on\w+=/);
    expect(svg.endsWith("</svg>")).toBe(true);
  });

  it("says so when there is no data, and draws no points", () => {
    const svg = moodChartSvg([], FROM, TO, TEXT);
    expect(svg).toContain(">No answers yet</text>");
    expect(points(svg)).toEqual([]);
    expect(lines(svg)).toEqual([]);
  });

  it("maps the 1–5 scale onto the plot, 5 at the top, and labels every level", () => {
    const svg = moodChartSvg(
      [
        { date: FROM, score: 1 },
        { date: "2026-11-05", score: 5 },
        { date: "2026-11-06", score: 3 },
      ],
      FROM,
      TO,
      TEXT,
    );
    const [low, high, middle] = points(svg);
    expect(low?.[1]).toBe(190); // bottom of the plot
    expect(high?.[1]).toBe(12); // top
    expect(middle?.[1]).toBe(101);
    expect(low?.[0]).toBe(44); // the first day sits on the y axis
    for (const level of [1, 2, 3, 4, 5]) expect(svg).toContain(`>${level}</text>`);
    expect(svg).not.toContain("No answers yet");
  });

  it("shows one point as a dot without a line, in the middle of a one-day range", () => {
    const svg = moodChartSvg([{ date: TO, score: 4 }], TO, TO, TEXT);
    expect(points(svg)).toEqual([[213, 56.5]]);
    expect(lines(svg)).toEqual([]);
  });

  it("breaks the line where days have no answer, and leaves out values off the scale or range", () => {
    const svg = moodChartSvg(
      [
        { date: "2026-11-10", score: 3 },
        { date: "2026-11-11", score: 4 },
        { date: "2026-11-12", score: 4 },
        { date: "2026-11-20", score: 2 }, // alone after a gap
        { date: "2026-11-25", score: 2 },
        { date: "2026-11-26", score: 3 },
        { date: "2026-11-27", score: 9 },
        { date: "2026-10-01", score: 3 },
      ],
      FROM,
      TO,
      TEXT,
    );
    expect(lines(svg)).toEqual([3, 2]);
    expect(points(svg)).toHaveLength(6);
  });

  it("averages several answers on one day", () => {
    expect(
      dailyMoods([
        { localDate: "2026-11-02", score: 2 },
        { localDate: "2026-11-01", score: 5 },
        { localDate: "2026-11-02", score: 3 },
      ]),
    ).toEqual([
      { date: "2026-11-01", score: 5 },
      { date: "2026-11-02", score: 2.5 },
    ]);
  });
});
