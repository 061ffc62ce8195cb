import { Hono, type Context } from "hono";
import type { Effect } from "../../bot/effects.ts";
import { badgesOf, roleBadgesOf, type Recognition } from "../../bot/recognition/badges.ts";
import { answerOffers, consentOff, consentOn } from "../../bot/recognition/commands.ts";
import { enqueueEffects } from "../../bot/stores/outbox.ts";
import type { WebDeps } from "../context.ts";
import { CSRF_FIELD, csrfToken } from "../csrf.ts";
import { field, readForm } from "../form.ts";
import type { Member } from "../../bot/onboarding/members-store.ts";
import { rendered, type Html } from "../template.ts";
import { memberOf, requireMember } from "./steps.ts";

/** The member's recognition: badges (with their issuer), milestones, thank-yous, and consent to publish. */
export function recognitionRoutes(deps: WebDeps): Hono {
  const { t } = deps;
  const app = new Hono();
  app.use("/recognition", requireMember);
  app.use("/recognition/*", requireMember);

  const page = async (c: Context, notice?: string) => {
    const recognition = await badgesOf(deps.db, memberOf(c));
    return c.render(
      <>
        <h1>{t.recognition.title}</h1>
        <p>{t.recognition.intro}</p>
        {notice === undefined ? null : (
          <p class="notice success" role="status">
            {notice}
          </p>
        )}
        <section class="card" aria-labelledby="badges">
          <h2 id="badges">{t.recognition.badgesHeading}</h2>
          <Badges recognition={recognition} deps={deps} />
        </section>
        {recognition.offers.length === 0 ? null : (
          <section class="card" aria-labelledby="offers">
            <h2 id="offers">{t.recognition.offersHeading}</h2>
            <ul>
              {recognition.offers.map((offer) => (
                <li>{t.recognition.offer(t.recognition.roles[offer.role], offer.issuer)}</li>
              ))}
            </ul>
            <form method="post" action="/recognition/offers">
              <input type="hidden" name={CSRF_FIELD} value={csrfToken(c, deps)} />
              <button type="submit" name="answer" value="accept">
                {t.recognition.accept}
              </button>{" "}
              <button type="submit" name="answer" value="decline" class="secondary">
                {t.recognition.decline}
              </button>
            </form>
          </section>
        )}
        <section class="card" aria-labelledby="publish">
          <h2 id="publish">{t.recognition.publishHeading}</h2>
          <p>{t.recognition.publishExplained}</p>
          <p>{recognition.publishing === true ? t.recognition.publishingOn : t.recognition.publishingOff}</p>
          <form method="post" action="/recognition/publish">
            <input type="hidden" name={CSRF_FIELD} value={csrfToken(c, deps)} />
            {recognition.publishing === true ? (
              <button type="submit" name="publish" value="off" class="secondary">
                {t.recognition.turnOff}
              </button>
            ) : (
              <button type="submit" name="publish" value="on">
                {t.recognition.turnOn}
              </button>
            )}
          </form>
        </section>
      </>,
      { title: t.recognition.title },
    );
  };

  /** Effects of a member's choice go to the outbox with it, in one transaction. */
  const decide = async (c: Context, run: (db: WebDeps["db"], now: Date) => Promise<Effect[]>) => {
    const member = memberOf(c);
    const now = deps.now();
    await deps.db.transaction().execute(async (trx) => {
      const effects = await run(trx, now);
      await enqueueEffects(trx, `recognition-web:${member.id}:${now.toISOString()}`, effects, now);
    });
    deps.wakeOutbox();
    summaries.delete(member.id);
  };

  app.get("/recognition", (c) => page(c));

  app.post("/recognition/publish", async (c) => {
    const choice = field(await readForm(c), "publish");
    if (choice !== "on" && choice !== "off") return page(c);
    const member = memberOf(c);
    const bot = {
      community: deps.community,
      ...(deps.recognition === undefined ? {} : { recognition: deps.recognition }),
    };
    await decide(c, (db, now) =>
      choice === "on" ? consentOn({ db, bot, now }, member) : consentOff({ db, now }, member),
    );
    return page(c, choice === "on" ? t.recognition.turnedOn : t.recognition.turnedOff);
  });

  app.post("/recognition/offers", async (c) => {
    const answer = field(await readForm(c), "answer");
    if (answer !== "accept" && answer !== "decline") return page(c);
    const member = memberOf(c);
    let said = "";
    await decide(c, async (db, now) => {
      said = await answerOffers(db, member, answer, now);
      return [];
    });
    return page(c, said);
  });
  return app;
}

const SUMMARY_TTL_MS = 60_000;
const SUMMARY_CACHE_LIMIT = 10_000;
const summaries = new Map<string, { readonly html: Html; readonly at: number }>();

/**
 * The badges in one line for the profile page; nothing before the member holds a role or was thanked.
 * Remembered for a minute per member, so the profile page (a hot path, bench:web) reads the database only then.
 */
export function badgeSummary(deps: WebDeps, member: Member): Html | Promise<Html> {
  const now = deps.now().getTime();
  const cached = summaries.get(member.id);
  if (cached !== undefined && now - cached.at < SUMMARY_TTL_MS) return cached.html;
  return summarise(deps, member).then((html) => {
    if (summaries.size >= SUMMARY_CACHE_LIMIT) summaries.clear();
    summaries.set(member.id, { html, at: now });
    return html;
  });
}

async function summarise(deps: WebDeps, member: Member): Promise<Html> {
  const { t } = deps;
  // Two indexed reads (roles, thank-yous), not the whole Recognition page's.
  const r = await roleBadgesOf(deps.db, member);
  if (r.badges.length === 0 && r.thankYous === 0) return "" as Html;
  const parts = [
    ...r.badges.map(
      (badge) =>
        `${t.recognition.roles[badge.role]} (${badge.issuer === null ? deps.community.name : t.recognition.verifiedBy(badge.issuer)})`,
    ),
    t.recognition.thankYous(r.thankYous),
  ];
  return rendered(
    <p class="badges">
      <strong>{t.recognition.badgesHeading}:</strong> {parts.join(" · ")} —{" "}
      <a href="/recognition">{t.layout.recognition}</a>
    </p>,
  );
}

function Badges(props: { recognition: Recognition; deps: WebDeps }) {
  const { t } = props.deps;
  const r = props.recognition;
  return (
    <ul class="badges">
      {r.badges.length === 0 ? <li>{t.recognition.noRoleYet}</li> : null}
      {r.badges.map((badge) => (
        <li class="badge">
          <strong>{t.recognition.roles[badge.role]}</strong>
          {badge.issuer === null
            ? ` · ${props.deps.community.name}`
            : ` · ${t.recognition.verifiedBy(badge.issuer)}`}
        </li>
      ))}
      <li>{t.recognition.pairings(r.pairingsCompleted)}</li>
      <li>{t.recognition.circles(r.circlesHeld)}</li>
      {r.trainingCourses.map((course) => (
        <li>{t.recognition.training(course)}</li>
      ))}
      <li>{t.recognition.thankYous(r.thankYous)}</li>
    </ul>
  );
}
