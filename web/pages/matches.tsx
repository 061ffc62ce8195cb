import { Hono, type Context } from "hono";
import {
  answerSuggestion,
  askAgain,
  listCircleInvitationsFor,
  blockPeer,
  endPairing,
  setLooking,
  setPaused,
  type AnswerError,
  type EndError,
  type Feedback,
  type PeerActionError,
} from "../../bot/match-flow/index.ts";
import { parseUserId, type UserId } from "../../bot/ids.ts";
import type { MemberId } from "../../bot/onboarding/members-store.ts";
import { LIMITS } from "../../bot/onboarding/profile.ts";
import type { WebDeps, WebMatching } from "../context.ts";
import { csrfToken } from "../csrf.ts";
import { field, readForm, type FormBody } from "../form.ts";
import { matchesPage, pairingCards, type PairingCard } from "./matches-data.ts";
import { CircleInvitationsSection } from "./circle-invitations.tsx";
import {
  BlockConfirm,
  LookingCard,
  OUTCOMES,
  PairingCardView,
  SuggestionCard,
  type ViewContext,
} from "./matches-views.tsx";
import { memberOf, requireConsents } from "./steps.ts";

type Done = keyof WebDeps["t"]["matches"]["done"];
type MatchError = AnswerError | EndError | PeerActionError | "outcome" | "note" | "peer";
const DONE = new Set<string>([
  "accepted",
  "opened",
  "declined",
  "looking",
  "paused",
  "ended",
  "feedback",
  "again",
  "againBoth",
  "blocked",
]);

/** The private feedback form: how it went (one of three) and an optional note. */
function feedbackFrom(body: FormBody, required: boolean): Feedback | undefined | "outcome" | "note" {
  const outcome = field(body, "outcome");
  const note = (field(body, "note") ?? "").trim();
  if (note.length > LIMITS.note) return "note";
  if (outcome === undefined || outcome === "") return required || note !== "" ? "outcome" : undefined;
  const known = OUTCOMES.find((o) => o === outcome);
  return known === undefined ? "outcome" : { outcome: known, note };
}

/** Whom a block form names: nobody (a pair's only peer), a Matrix ID, or something that is not one. */
function peerFrom(body: FormBody): { userId?: UserId } | "peer" {
  const given = (field(body, "peer") ?? "").trim();
  if (given === "") return {};
  const userId = parseUserId(given);
  return userId === undefined ? "peer" : { userId };
}

/** The member's own pairing with this ID, or undefined when it is not theirs (or does not exist). */
async function ownPairing(deps: WebDeps, memberId: MemberId, id: string): Promise<PairingCard | undefined> {
  return (await pairingCards(deps.db, memberId)).find((p) => p.id === id);
}

/** "My matches": suggestions to answer, current and past peers, and the "find me a peer" / pause toggle. */
export function matchesRoutes(deps: WebDeps): Hono {
  const { t } = deps;
  const m = t.matches;
  const app = new Hono();
  app.use("/matches", requireConsents(deps));
  app.use("/matches/*", requireConsents(deps));

  /** The words, the CSRF token, and dates in the member's own zone. */
  const viewContext = async (c: Context): Promise<ViewContext> => {
    const zone = (await deps.members.profile(memberOf(c)))?.timezone ?? "UTC";
    const format = new Intl.DateTimeFormat(t.lang, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: zone,
    });
    return { t, csrf: csrfToken(c, deps), when: (date) => format.format(date) };
  };
  const page = async (c: Context, matching: WebMatching, notice: { done?: Done; error?: MatchError }) => {
    const member = memberOf(c);
    const data = await matchesPage(deps.db, matching, member.id);
    const circles = await listCircleInvitationsFor(deps.db, matching.flow, member.id);
    const v = await viewContext(c);
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
        <LookingCard v={v} status={data.status} invited={circles.length > 0} />
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
  const statusOf = (error: MatchError) =>
    error === "not_found"
      ? 404
      : error === "outcome" || error === "note" || error === "peer" || error === "ambiguous"
        ? 400
        : 409;
  const failed = (c: Context, matching: WebMatching, error: MatchError) => {
    c.status(statusOf(error));
    return page(c, matching, { error });
  };
  const blockPage = async (
    c: Context,
    p: PairingCard,
    notice: { chosen?: string; error?: MatchError } = {},
  ) => {
    if (notice.error !== undefined) c.status(statusOf(notice.error));
    return c.render(
      <BlockConfirm
        v={await viewContext(c)}
        p={p}
        {...(notice.chosen === undefined ? {} : { chosen: notice.chosen })}
        {...(notice.error === undefined ? {} : { error: t.matchErrors[notice.error] })}
      />,
      { title: m.blockTitle },
    );
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

  app.post("/matches/pairings/:id/again", async (c) => {
    if (deps.matching === undefined) return notSetUp(c);
    const id = memberOf(c).id;
    const pairing = await ownPairing(deps, id, c.req.param("id"));
    if (pairing === undefined) return failed(c, deps.matching, "not_found");
    const asked = await askAgain(deps.db, id, pairing.number, deps.now());
    if (!asked.ok) return failed(c, deps.matching, asked.error);
    return done(c, asked.value.both ? "againBoth" : "again");
  });

  app.get("/matches/pairings/:id/block", async (c) => {
    if (deps.matching === undefined) return notSetUp(c);
    const pairing = await ownPairing(deps, memberOf(c).id, c.req.param("id"));
    if (pairing === undefined) return failed(c, deps.matching, "not_found");
    return blockPage(c, pairing);
  });

  app.post("/matches/pairings/:id/block", async (c) => {
    if (deps.matching === undefined) return notSetUp(c);
    const id = memberOf(c).id;
    const pairing = await ownPairing(deps, id, c.req.param("id"));
    if (pairing === undefined) return failed(c, deps.matching, "not_found");
    const peer = peerFrom(await readForm(c));
    if (peer === "peer") return blockPage(c, pairing, { error: "peer" });
    const blocked = await blockPeer(deps.db, id, { number: pairing.number, ...peer }, deps.now());
    if (!blocked.ok)
      return blockPage(c, pairing, {
        ...(peer.userId === undefined ? {} : { chosen: peer.userId }),
        // The pairing is theirs, so "not found" means the person named is not in it.
        error: blocked.error === "not_found" ? "peer" : blocked.error,
      });
    return done(c, "blocked");
  });
  return app;
}
