import { Hono, type Context } from "hono";
import { raw } from "hono/html";
import type { Goal } from "../../bot/goals/goal-store.ts";
import { describeDate } from "../../bot/goals/local-date.ts";
import { loadProgress } from "../../bot/progress/progress-data.ts";
import { moodTrend, weeklyMoods } from "../../bot/progress/progress-summary.ts";
import { setWeeklySummary, weeklySummaryWanted } from "../../bot/progress/summary-store.ts";
import type { WebDeps } from "../context.ts";
import { CSRF_FIELD, csrfToken } from "../csrf.ts";
import { field, readForm } from "../form.ts";
import { dailyMoods, moodChartSvg } from "../mood-chart.ts";
import { memberOf, requireMember } from "./steps.ts";

const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const shortDate = (date: string) =>
  `${Number(date.slice(8))} ${SHORT_MONTHS[Number(date.slice(5, 7)) - 1] ?? ""}`;
const oneDecimal = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/** The member's own mood chart (server-rendered SVG with a table alternative), goal history and summary choice. */
export function progressRoutes(deps: WebDeps): Hono {
  const { t } = deps;
  const p = t.progress;
  const app = new Hono();
  app.use("/progress", requireMember);
  app.use("/progress/*", requireMember);

  const page = async (c: Context, saved: boolean) => {
    const member = memberOf(c);
    const now = deps.now();
    const data = await loadProgress(deps.db, deps.cipher, member.id, now);
    const days = dailyMoods(data.moods).filter((d) => d.date >= data.from);
    const weeks = weeklyMoods(data.moods, data.today);
    const trend = p.trend[moodTrend(weeks)];
    const answers = data.moods.filter((m) => m.localDate >= data.from).length;
    const svg = moodChartSvg(days, data.from, data.today, {
      title: p.chartTitle,
      description: p.chartDescription(answers, days.length, trend),
      xAxis: p.xAxis,
      yAxis: p.yAxis,
      empty: p.chartEmpty,
      shortDate,
    });
    const open = data.goals.filter((g) => g.doneAt === null);
    const done = data.goals
      .filter((g) => g.doneAt !== null)
      .sort((a, b) => (b.doneAt?.getTime() ?? 0) - (a.doneAt?.getTime() ?? 0));
    const weekly = await weeklySummaryWanted(deps.db, member.id);
    return c.render(
      <>
        <h1>{p.title}</h1>
        <p>{p.intro}</p>
        <section class="card" aria-labelledby="mood">
          <h2 id="mood">{p.moodHeading}</h2>
          {raw(svg)}
          <p>{days.length === 0 ? p.noMoods : trend}</p>
          {days.length === 0 ? null : (
            <details>
              <summary>{p.tableSummary}</summary>
              <table class="data">
                <caption>{p.weeksCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{p.weekColumn}</th>
                    <th scope="col">{p.averageColumn}</th>
                    <th scope="col">{p.answersColumn}</th>
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((w) => (
                    <tr>
                      <td>{describeDate(w.start)}</td>
                      <td>{w.average === null ? p.noAnswer : oneDecimal(w.average)}</td>
                      <td>{w.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table class="data">
                <caption>{p.tableCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{p.dateColumn}</th>
                    <th scope="col">{p.moodColumn}</th>
                  </tr>
                </thead>
                <tbody>
                  {days.map((d) => (
                    <tr>
                      <td>{describeDate(d.date)}</td>
                      <td>{oneDecimal(d.score)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </section>
        <section class="card" aria-labelledby="goals">
          <h2 id="goals">{p.goalsHeading}</h2>
          {data.goals.length === 0 ? (
            <p>{p.noGoals}</p>
          ) : (
            <>
              <h3>{p.openHeading}</h3>
              {open.length === 0 ? <p>{p.noneOpen}</p> : goalList(open, deps)}
              <h3>{p.doneHeading}</h3>
              {done.length === 0 ? <p>{p.noneDone}</p> : goalList(done, deps)}
            </>
          )}
        </section>
        <section class="card" aria-labelledby="summary">
          <h2 id="summary">{p.summaryHeading}</h2>
          <p>{p.summaryIntro}</p>
          {saved ? (
            <p class="notice success" role="status">
              {p.summarySaved}
            </p>
          ) : null}
          <form method="post" action="/progress/summary">
            <input type="hidden" name={CSRF_FIELD} value={csrfToken(c, deps)} />
            <fieldset>
              <legend>{p.summaryLegend}</legend>
              <label class="choice">
                <input type="radio" name="weekly" value="on" checked={weekly} />
                <span>{p.summaryOn}</span>
              </label>
              <label class="choice">
                <input type="radio" name="weekly" value="off" checked={!weekly} />
                <span>{p.summaryOff}</span>
              </label>
            </fieldset>
            <button type="submit">{p.summarySave}</button>
          </form>
        </section>
      </>,
      { title: p.title },
    );
  };

  app.get("/progress", (c) => page(c, c.req.query("saved") === "1"));

  app.post("/progress/summary", async (c) => {
    const choice = field(await readForm(c), "weekly");
    if (choice !== "on" && choice !== "off") {
      c.status(400);
      return page(c, false);
    }
    await setWeeklySummary(deps.db, memberOf(c).id, choice === "on", deps.now());
    return c.redirect("/progress?saved=1", 303);
  });
  return app;
}

function goalList(goals: readonly Goal[], deps: WebDeps) {
  const p = deps.t.progress;
  return (
    <ul class="goals">
      {goals.map((goal) => {
        const stepsDone = goal.steps.filter((s) => s.doneAt !== null).length;
        const facts = [
          goal.scope === "dm" ? p.personal : p.shared,
          ...(goal.doneAt !== null
            ? [p.doneOn(describeDate(goal.doneAt.toISOString().slice(0, 10)))]
            : goal.dueDate === null
              ? []
              : [p.due(describeDate(goal.dueDate))]),
          ...(goal.steps.length === 0 ? [] : [p.steps(stepsDone, goal.steps.length)]),
        ];
        return (
          <li>
            {goal.text} <span class="tag">({facts.join(" · ")})</span>
            {goal.steps.length === 0 ? null : (
              <ul>
                {goal.steps.map((step) => (
                  <li>
                    {step.text} <span class="tag">({step.doneAt === null ? p.stepOpen : p.stepDone})</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
