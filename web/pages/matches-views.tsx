import type { MatchStatus, SuggestionView } from "../../bot/match-flow/index.ts";
import { LIMITS } from "../../bot/onboarding/profile.ts";
import { CSRF_FIELD } from "../csrf.ts";
import type { Messages } from "../messages/en.ts";
import type { PairingCard } from "./matches-data.ts";

/** What every part of the page needs: the words, the CSRF token, and dates in the member's own zone. */
export interface ViewContext {
  readonly t: Messages;
  readonly csrf: string;
  readonly when: (date: Date) => string;
}

export const OUTCOMES = ["helped", "neutral", "not_helped"] as const;

const Csrf = (props: { csrf: string }) => <input type="hidden" name={CSRF_FIELD} value={props.csrf} />;

/** Accept (unless already said) and decline, posted as `answer`: for suggestions and circle invitations alike. */
export function AnswerForm(props: {
  v: ViewContext;
  action: string;
  number: number;
  accepted: boolean;
  words: {
    accept: string;
    decline: string;
    acceptLabel: (n: number) => string;
    declineLabel: (n: number) => string;
  };
}) {
  const { v, number, words } = props;
  return (
    <form method="post" action={props.action} class="actions">
      <Csrf csrf={v.csrf} />
      {props.accepted ? null : (
        <button type="submit" name="answer" value="accept" aria-label={words.acceptLabel(number)}>
          {words.accept}
        </button>
      )}
      <button
        type="submit"
        name="answer"
        value="decline"
        class="secondary"
        aria-label={words.declineLabel(number)}
      >
        {words.decline}
      </button>
    </form>
  );
}

function suggestionHeading(t: Messages, s: SuggestionView): string {
  if (s.role === "mentor") return t.matches.mentorSuggestionHeading(s.number);
  if (s.role === "newcomer") return t.matches.newcomerSuggestionHeading(s.number);
  return t.matches.suggestionHeading(s.number);
}

export function SuggestionCard(props: { v: ViewContext; s: SuggestionView }) {
  const { v, s } = props;
  const m = v.t.matches;
  const id = `suggestion-${s.number}`;
  return (
    <article class="card" aria-labelledby={id}>
      <h3 id={id}>{suggestionHeading(v.t, s)}</h3>
      <p id={`${id}-why`}>
        <strong>{m.why}</strong> {s.reasons}.
      </p>
      <p class="hint">{m.answerBy(v.when(s.expiresAt))}</p>
      {s.youAccepted ? <p class="notice success">{m.youAccepted}</p> : null}
      <AnswerForm
        v={v}
        action={`/matches/suggestions/${encodeURIComponent(s.id)}`}
        number={s.number}
        accepted={s.youAccepted}
        words={m}
      />
    </article>
  );
}

/** How it went (optional when ending, required afterwards) and a private note. */
function FeedbackFields(props: { v: ViewContext; p: PairingCard; required: boolean }) {
  const { v, p } = props;
  const m = v.t.matches;
  return (
    <>
      <fieldset>
        <legend>{m.outcomeLegend}</legend>
        <div class="choices">
          {OUTCOMES.map((outcome) => (
            <label class="choice">
              <input type="radio" name="outcome" value={outcome} required={props.required} />
              <span>{m.outcomes[outcome]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label for={`note-${p.number}`}>{m.noteLabel}</label>
      <p class="hint" id={`note-${p.number}-hint`}>
        {m.noteHint}
      </p>
      <textarea
        id={`note-${p.number}`}
        name="note"
        maxlength={LIMITS.note}
        aria-describedby={`note-${p.number}-hint`}
      ></textarea>
    </>
  );
}

export function PairingCardView(props: { v: ViewContext; p: PairingCard }) {
  const { v, p } = props;
  const m = v.t.matches;
  const id = `pairing-${p.number}`;
  const action = `/matches/pairings/${encodeURIComponent(p.id)}`;
  return (
    <article class="card" aria-labelledby={id}>
      <h3 id={id}>
        {m.pairingHeading(p.number)} · {m.kinds[p.kind]}
      </h3>
      {p.peers.length > 0 ? <p>{m.with(p.peers.join(", "))}</p> : null}
      <p class="hint">
        {p.ended && p.endedAt !== null ? m.endedOn(v.when(p.endedAt)) : m.since(v.when(p.startedAt))}
      </p>
      {p.roomUrl === null ? null : (
        <p>
          <a href={p.roomUrl}>{m.openRoom}</a>
        </p>
      )}
      {p.ended ? (
        <>
          {p.myFeedback === null ? (
            <form method="post" action={`${action}/feedback`}>
              <Csrf csrf={v.csrf} />
              <FeedbackFields v={v} p={p} required={true} />
              <button type="submit">{m.feedbackButton}</button>
            </form>
          ) : (
            <p class="notice success">{m.feedbackThanks}</p>
          )}
          <AgainPart v={v} p={p} action={action} />
        </>
      ) : (
        <details>
          <summary>{m.endHeading}</summary>
          <p>{m.endIntro}</p>
          <form method="post" action={`${action}/end`}>
            <Csrf csrf={v.csrf} />
            <FeedbackFields v={v} p={p} required={false} />
            <button type="submit" class="secondary">
              {m.endButton}
            </button>
          </form>
        </details>
      )}
      <BlockPart v={v} p={p} action={action} />
    </article>
  );
}

/** "Talk with them again", for an ended one-to-one pairing: offered, asked already, or not offered. */
function AgainPart(props: { v: ViewContext; p: PairingCard; action: string }) {
  const { v, p } = props;
  const m = v.t.matches;
  if (p.kind !== "pair" || p.blocked.length > 0) return null;
  if (p.endedBadly) return <p class="hint">{m.againNotOffered}</p>;
  if (p.againAsked) return <p class="notice success">{m.againAsked}</p>;
  const hint = `again-${p.number}-hint`;
  return (
    <form method="post" action={`${props.action}/again`}>
      <Csrf csrf={v.csrf} />
      <button type="submit" class="secondary" aria-label={m.againLabel(p.number)} aria-describedby={hint}>
        {m.againButton}
      </button>
      <p class="hint" id={hint}>
        {m.againHint}
      </p>
    </form>
  );
}

/** Who the member blocked here, and the way to the confirmation page for the others. */
function BlockPart(props: { v: ViewContext; p: PairingCard; action: string }) {
  const { v, p } = props;
  const m = v.t.matches;
  const open = p.peers.filter((peer) => !p.blocked.includes(peer));
  const only = open.length === 1 && p.peers.length === 1 ? open[0] : undefined;
  return (
    <>
      {p.blocked.length === 0 ? null : <p class="hint">{m.blockedNotice(p.blocked.join(", "))}</p>}
      {open.length === 0 ? null : (
        <p>
          <a href={`${props.action}/block`}>{only === undefined ? m.blockCircleLink : m.blockLink(only)}</a>
        </p>
      )}
    </>
  );
}

/**
 * The confirmation step before a block: whom (chosen among a circle's members), what it means, and that the
 * peer is not told.
 */
export function BlockConfirm(props: { v: ViewContext; p: PairingCard; chosen?: string; error?: string }) {
  const { v, p } = props;
  const m = v.t.matches;
  const open = p.peers.filter((peer) => !p.blocked.includes(peer));
  const only = open.length === 1 && p.peers.length === 1 ? open[0] : undefined;
  return (
    <>
      <h1>{m.blockTitle}</h1>
      <p>{m.blockContext(p.number, m.kinds[p.kind], p.peers.join(", "))}</p>
      {props.error === undefined ? null : (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      )}
      {open.length === 0 ? (
        <p class="notice">{m.blockNobodyLeft}</p>
      ) : (
        <form method="post" action={`/matches/pairings/${encodeURIComponent(p.id)}/block`}>
          <Csrf csrf={v.csrf} />
          <p id="block-explain">
            <strong>{m.blockExplain}</strong>
          </p>
          {p.ended ? null : <p>{m.blockStillPaired}</p>}
          {only === undefined ? (
            <fieldset>
              <legend>{m.blockWhom}</legend>
              {open.map((peer) => (
                <label class="choice">
                  <input
                    type="radio"
                    name="peer"
                    value={peer}
                    required
                    checked={peer === props.chosen || open.length === 1}
                  />
                  <span>{peer}</span>
                </label>
              ))}
            </fieldset>
          ) : (
            <input type="hidden" name="peer" value={only} />
          )}
          <button type="submit" class="danger" aria-describedby="block-explain">
            {only === undefined ? m.blockChosenButton : m.blockButton(only)}
          </button>{" "}
          <a class="button secondary" href="/matches">
            {m.backToMatches}
          </a>
        </form>
      )}
      {open.length === 0 ? (
        <p>
          <a href="/matches">{m.backToMatches}</a>
        </p>
      ) : null}
    </>
  );
}

/** `invited`: a peer circle invitation is open for the member (they are then suggested to no one else). */
export function LookingCard(props: { v: ViewContext; status: MatchStatus; invited: boolean }) {
  const { v, status } = props;
  const m = v.t.matches;
  const button = (action: string, label: string, secondary = false) => (
    <form method="post" action="/matches/looking" class="inline">
      <Csrf csrf={v.csrf} />
      <button type="submit" name="action" value={action} class={secondary ? "secondary" : undefined}>
        {label}
      </button>
    </form>
  );
  return (
    <section class="card" aria-labelledby="looking">
      <h2 id="looking">{m.lookingHeading}</h2>
      {status.paused ? (
        <>
          <p>{m.pausedText}</p>
          {button("resume", m.resumeButton)}
        </>
      ) : status.looking ? (
        <>
          <p>{status.waitingSince === null ? m.lookingOpen : m.lookingSince(v.when(status.waitingSince))}</p>
          {props.invited ? <p>{m.lookingWhileInvited}</p> : null}
          {button("pause", m.pauseButton, true)}
        </>
      ) : (
        <>
          <p>{m.notLooking}</p>
          {button("find", m.findButton)}
        </>
      )}
    </section>
  );
}
