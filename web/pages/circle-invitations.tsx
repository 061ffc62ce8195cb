import { Hono, type Context } from "hono";
import type { AnswerError } from "../../bot/match-flow/answer.ts";
import {
  answerCircleInvitation,
  type CircleInvitationView,
} from "../../bot/match-flow/circle-invitations.ts";
import type { WebDeps } from "../context.ts";
import { field, readForm } from "../form.ts";
import { AnswerForm, type ViewContext } from "./matches-views.tsx";
import { memberOf, requireConsents } from "./steps.ts";

type CircleDone = keyof WebDeps["t"]["circleInvitations"]["done"];
const DONE = new Set<string>(["accepted", "opened", "declined", "closed"]);

/** One circle invitation on "My matches": the circle in words, when it closes, and join / decline. */
function CircleInvitationCard(props: { v: ViewContext; c: CircleInvitationView }) {
  const { v, c } = props;
  const t = v.t.circleInvitations;
  const id = `circle-${c.number}`;
  return (
    <article class="card" aria-labelledby={id}>
      <h3 id={id}>{t.cardHeading(c.number)}</h3>
      <p>
        <strong>{t.who}</strong> {c.description}.
      </p>
      <p>{t.how}</p>
      <p class="hint">{t.answerBy(v.when(c.expiresAt))}</p>
      {c.answer === "accepted" ? <p class="notice success">{t.youAccepted}</p> : null}
      <AnswerForm
        v={v}
        action={`/matches/circles/${encodeURIComponent(c.id)}`}
        number={c.number}
        accepted={c.answer === "accepted"}
        words={t}
      />
    </article>
  );
}

/**
 * The member's open circle invitations (from `listCircleInvitationsFor`), and what their last answer did
 * (`done`, the `circle` query parameter). Nothing at all when there is neither.
 */
export function CircleInvitationsSection(props: {
  v: ViewContext;
  circles: readonly CircleInvitationView[];
  done: string | undefined;
}) {
  const { v, circles } = props;
  const t = v.t.circleInvitations;
  const done = props.done !== undefined && DONE.has(props.done) ? (props.done as CircleDone) : undefined;
  if (circles.length === 0 && done === undefined) return null;
  return (
    <section aria-labelledby="circles">
      <h2 id="circles">{t.heading}</h2>
      {done === undefined ? null : (
        <p class="notice success" role="status">
          {t.done[done]}
        </p>
      )}
      {circles.map((c) => (
        <CircleInvitationCard v={v} c={c} />
      ))}
    </section>
  );
}

/** `POST /matches/circles/:id` (answer = accept | decline), answered with 303 to `/matches?circle=…`. */
export function circleInvitationRoutes(deps: WebDeps): Hono {
  const t = deps.t.circleInvitations;
  const app = new Hono();
  app.use("/matches/circles/*", requireConsents(deps));

  const failed = (c: Context, error: AnswerError) => {
    c.status(error === "not_found" ? 404 : 409);
    return c.render(
      <>
        <h1>{deps.t.matches.title}</h1>
        <p class="notice error" role="alert">
          {t.errors[error]}
        </p>
        <p>
          <a href="/matches">{t.back}</a>
        </p>
      </>,
      { title: deps.t.matches.title },
    );
  };

  app.post("/matches/circles/:id", async (c) => {
    if (deps.matching === undefined) return failed(c, "not_found");
    const given = field(await readForm(c), "answer");
    if (given !== "accept" && given !== "decline") return failed(c, "not_found");
    const { flow, peerRooms } = deps.matching;
    const answered = await answerCircleInvitation(
      deps.db,
      flow,
      peerRooms,
      memberOf(c).id,
      c.req.param("id"),
      given,
      deps.now(),
    );
    if (!answered.ok) return failed(c, answered.error);
    const state = answered.value.state;
    const done: CircleDone =
      given === "decline"
        ? "declined"
        : state === "invited"
          ? "accepted"
          : state === "opened"
            ? "opened"
            : "closed";
    deps.wakeOutbox();
    return c.redirect(`/matches?circle=${done}`, 303);
  });
  return app;
}
