import { Hono, type Context } from "hono";
import { answerSuggestion, type AnswerError } from "../../bot/match-flow/answer.ts";
import { setLooking, setPaused } from "../../bot/match-flow/looking.ts";
import { endPairing, type EndError, type Feedback } from "../../bot/match-flow/pairing-end.ts";
import { LIMITS } from "../../bot/onboarding/profile.ts";
import type { WebDeps, WebMatching } from "../context.ts";
import { csrfToken } from "../csrf.ts";
import { field, readForm, type FormBody } from "../form.ts";
import { matchesPage } from "./matches-data.ts";
import { listCircleInvitationsFor } from "../../bot/match-flow/circle-invitations.ts";
import { CircleInvitationsSection } from "./circle-invitations.tsx";
import {
  LookingCard,
  OUTCOMES,
  PairingCardView,
  SuggestionCard,
  type ViewContext,
} from "./matches-views.tsx";
import { memberOf, requireConsents } from "./steps.ts";

type Done = keyof WebDeps["t"]["matches"]["done"];
type MatchError = AnswerError | EndError | "outcome" | "note";
const DONE = new Set<string>(["accepted", "opened", "declined", "looking", "paused", "ended", "feedback"]);

/** The private feedback form: how it went (one of three) and an optional note. */
function feedbackFrom(body: FormBody, required: boolean): Feedback | undefined | "outcome" | "note" {
  const outcome = field(body, "outcome");
  const note = (field(body, "note") ?? "").trim();
  if (note.length > LIMITS.note) return "note";
  if (outcome === undefined || outcome === "") return required || note !== "" ? "outcome" : undefined;
  const known = OUTCOMES.find((o) => o === outcome);
  return known === undefined ? "outcome" : { outcome: known, note };
}

/** "My matches": suggestions to answer, current and past peers, and the "find me a peer" / pause toggle. */
export function matchesRoutes(deps: WebDeps): Hono {
  const { t } = deps;
  const m = t.matches;
  const app = new Hono();
  app.use("/matches", requireConsents(deps));
  app.use("/matches/*", requireConsents(deps));

  const page = async (c: Context, matching: WebMatching, notice: { done?: Done; error?: MatchError }) => {
    const member = memberOf(c);
    const data = await matchesPage(deps.db, matching, member.id);
    const circles = await listCircleInvitationsFor(deps.db, matching.flow, member.id);
    const zone = (await deps.members.profile(member))?.timezone ?? "UTC";
    const format = new Intl.DateTimeFormat(t.lang, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: zone,
    });
    const v: ViewContext = { t, csrf: csrfToken(c, deps), when: (date) => format.format(date) };
    const current = data.pairings.filter((p) => !p.ended);
    const past = data.pairings.filter((p) => p.ended);
    return c.render(
      <>
        <h1>{m.title}</h1>
        <p>{m.intro}</p>
        {notice.error === undefined ? null : (
          <p class="notice error" role="alert">
            {t.matchErrors[notice.error]}
          </p>
        )}
        {notice.done === undefined ? null : (
          <p class="notice success" role="status">
            {m.done[notice.done]}
          </p>
        )}
        <section aria-labelledby="suggestions">
          <h2 id="suggestions">{m.suggestionsHeading}</h2>
          {data.suggestions.length === 0 ? <p>{m.noSuggestions}</p> : null}
          {data.suggestions.map((s) => (
            <SuggestionCard v={v} s={s} />
          ))}
        </section>
        <CircleInvitationsSection v={v} circles={circles} done={c.req.query("circle")} />
        <section aria-labelledby="pairings">
          <h2 id="pairings">{m.pairingsHeading}</h2>
          {current.length === 0 ? <p>{m.noPairings}</p> : null}
          {current.map((p) => (
            <PairingCardView v={v} p={p} />
          ))}
        </section>
        <LookingCard v={v} status={data.status} />
        {past.length === 0 ? null : (
          <section aria-labelledby="past">
            <h2 id="past">{m.endedHeading}</h2>
            {past.map((p) => (
              <PairingCardView v={v} p={p} />
            ))}
          </section>
        )}
        {deps.operators.has(member.userId) ? (
          <p>
            <a href="/operator">{m.operatorLink}</a>
          </p>
        ) : null}
      </>,
      { title: m.title },
    );
  };
  const notSetUp = (c: Context) =>
    c.render(
      <>
        <h1>{m.title}</h1>
        <p class="notice">{m.notSetUp}</p>
      </>,
      { title: m.title },
    );
  const failed = (c: Context, matching: WebMatching, error: MatchError) => {
    c.status(error === "not_found" ? 404 : error === "outcome" || error === "note" ? 400 : 409);
    return page(c, matching, { error });
  };
  const done = (c: Context, what: Done) => {
    deps.wakeOutbox();
    return c.redirect(`/matches?done=${what}`, 303);
  };

  app.get("/matches", (c) => {
    if (deps.matching === undefined) return notSetUp(c);
    const what = c.req.query("done");
    return page(c, deps.matching, what !== undefined && DONE.has(what) ? { done: what as Done } : {});
  });

  app.post("/matches/suggestions/:id", async (c) => {
    if (deps.matching === undefined) return notSetUp(c);
    const given = field(await readForm(c), "answer");
    if (given !== "accept" && given !== "decline") return failed(c, deps.matching, "not_found");
    const { flow, peerRooms } = deps.matching;
    const answered = await answerSuggestion(
      deps.db,
      flow,
      peerRooms,
      memberOf(c).id,
      c.req.param("id"),
      given,
      deps.now(),
    );
    if (!answered.ok) return failed(c, deps.matching, answered.error);
    const state = answered.value.state;
    return done(c, state === "opened" ? "opened" : state === "declined" ? "declined" : "accepted");
  });

  app.post("/matches/looking", async (c) => {
    if (deps.matching === undefined) return notSetUp(c);
    const action = field(await readForm(c), "action");
    const id = memberOf(c).id;
    const now = deps.now();
    if (action === "find") await setLooking(deps.db, id, true, now);
    else if (action === "pause") await setPaused(deps.db, id, true, now);
    else if (action === "resume") await setPaused(deps.db, id, false, now);
    else return failed(c, deps.matching, "not_found");
    return done(c, action === "pause" ? "paused" : "looking");
  });

  for (const [path, required] of [
    ["end", false],
    ["feedback", true],
  ] as const) {
    app.post(`/matches/pairings/:id/${path}`, async (c) => {
      if (deps.matching === undefined) return notSetUp(c);
      const feedback = feedbackFrom(await readForm(c), required);
      if (feedback === "outcome" || feedback === "note") return failed(c, deps.matching, feedback);
      const ended = await endPairing(
        deps.db,
        deps.matching.flow,
        memberOf(c).id,
        c.req.param("id"),
        feedback,
        deps.now(),
      );
      if (!ended.ok) return failed(c, deps.matching, ended.error);
      return done(c, required ? "feedback" : "ended");
    });
  }
  return app;
}
