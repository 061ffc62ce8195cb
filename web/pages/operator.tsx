import { Hono } from "hono";
import type { HardRule } from "../../bot/matching/pair-rules.ts";
import { waitingReport, type WaitingMember } from "../../bot/match-flow/views.ts";
import type { WebDeps } from "../context.ts";
import type { Messages } from "../messages/en.ts";
import { memberOf, requireMember } from "./steps.ts";

/** What keeps a waiting member unmatched, as one code: the page counts members by it. */
type Obstacle =
  | { readonly kind: "own"; readonly own: NonNullable<WaitingMember["own"]> }
  | { readonly kind: "circle" | "pending" | "possible" | "no-ground" }
  | { readonly kind: "rule"; readonly rule: HardRule };

function obstacleOf(member: WaitingMember): Obstacle {
  if (member.invitedToCircle) return { kind: "circle" };
  if (member.own !== null) return { kind: "own", own: member.own };
  if (member.pendingSuggestions > 0) return { kind: "pending" };
  if (member.possible > 0) return { kind: "possible" };
  const [top] = ruledOutByCount(member);
  return top === undefined ? { kind: "no-ground" } : { kind: "rule", rule: top[0] };
}

function ruledOutByCount(member: WaitingMember): [HardRule, number][] {
  return (Object.entries(member.ruledOut) as [HardRule, number][]).sort((a, b) => b[1] - a[1]);
}

/** "12 min", "5 h", "3 days": precise enough to see who waits too long. */
function waitedFor(t: Messages, since: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return t.operator.duration.minutes(minutes);
  if (minutes < 48 * 60) return t.operator.duration.hours(Math.floor(minutes / 60));
  return t.operator.duration.days(Math.floor(minutes / (24 * 60)));
}

/** The obstacle codes in words, for the summary. */
function obstacleText(t: Messages, obstacle: Obstacle): string {
  const o = t.operator;
  switch (obstacle.kind) {
    case "own":
      return o.own[obstacle.own];
    case "circle":
      return o.circle;
    case "pending":
      return o.pendingShort;
    case "possible":
      return o.possibleShort;
    case "no-ground":
      return o.noneShareGround;
    case "rule":
      return o.mostlyRuledOut(o.rules[obstacle.rule]);
  }
}

/** Why this member has no suggestion, in words: their own state, or what rules out the others. */
function reasonsFor(t: Messages, member: WaitingMember): string[] {
  const o = t.operator;
  if (member.invitedToCircle) return [o.circle];
  if (member.own !== null) return [o.own[member.own]];
  const lines: string[] = [];
  if (member.pendingSuggestions > 0) lines.push(o.pending(member.pendingSuggestions));
  if (member.possible > 0) lines.push(o.possible(member.possible));
  for (const [rule, count] of ruledOutByCount(member)) lines.push(o.ruledOut(count, o.rules[rule]));
  if (lines.length === 0) lines.push(o.noneShareGround);
  return lines;
}

/** Operators only: who is waiting for a peer, for how long, and why unmatched. IDs and reasons, no profiles. */
export function operatorRoutes(deps: WebDeps): Hono {
  const { t } = deps;
  const o = t.operator;
  const app = new Hono();
  app.use("/operator", requireMember);

  app.get("/operator", async (c) => {
    const member = memberOf(c);
    if (!deps.operators.has(member.userId)) {
      c.status(403);
      return c.render(
        <>
          <h1>{o.forbiddenTitle}</h1>
          <p class="notice error" role="alert">
            {o.forbidden(member.userId)}
          </p>
          <p>
            <a href="/matches">{t.layout.matches}</a>
          </p>
        </>,
        { title: o.forbiddenTitle },
      );
    }
    if (deps.matching === undefined)
      return c.render(
        <>
          <h1>{o.title}</h1>
          <p class="notice">{t.matches.notSetUp}</p>
        </>,
        { title: o.title },
      );
    const now = deps.now();
    const waiting = await waitingReport(deps.db, deps.matching.flow, now);
    const counts = new Map<string, number>();
    for (const w of waiting) {
      const text = obstacleText(t, obstacleOf(w));
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    const withSuggestion = waiting.filter((w) => w.pendingSuggestions > 0).length;
    return c.render(
      <>
        <h1>{o.title}</h1>
        <p>{o.intro}</p>
        <p class="notice" role="status">
          {o.summary(waiting.length, withSuggestion)}
        </p>
        {waiting.length === 0 ? (
          <p>{o.nobody}</p>
        ) : (
          <>
            <section class="card" aria-labelledby="counts">
              <h2 id="counts">{o.countsHeading}</h2>
              <table>
                <caption class="hint">{o.countsCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{o.columns.obstacle}</th>
                    <th scope="col">{o.columns.members}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...counts]
                    .sort((a, b) => b[1] - a[1])
                    .map(([obstacle, count]) => (
                      <tr>
                        <td>{obstacle}</td>
                        <td>{count}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
            <div class="table-scroll" role="region" aria-labelledby="waiting-caption" tabindex={0}>
              <table>
                <caption id="waiting-caption">{o.tableCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{o.columns.member}</th>
                    <th scope="col">{o.columns.matrixId}</th>
                    <th scope="col">{o.columns.waiting}</th>
                    <th scope="col">{o.columns.why}</th>
                  </tr>
                </thead>
                <tbody>
                  {waiting.map((w) => (
                    <tr>
                      <td>
                        <code>{w.member}</code>
                      </td>
                      <td>{w.userId}</td>
                      <td>
                        <time datetime={w.waitingSince.toISOString()}>
                          {waitedFor(t, w.waitingSince, now)}
                        </time>
                      </td>
                      <td>
                        <ul class="plain">
                          {reasonsFor(t, w).map((line) => (
                            <li>{line}</li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </>,
      { title: o.title },
    );
  });
  return app;
}
