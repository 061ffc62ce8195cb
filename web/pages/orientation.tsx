import { Hono, type Context } from "hono";
import { consentsOf, recordConsents } from "../../bot/onboarding/consents-store.ts";
import type { Member } from "../../bot/onboarding/members-store.ts";
import type { WebDeps } from "../context.ts";
import { CSRF_FIELD, csrfToken } from "../csrf.ts";
import { fields, readForm } from "../form.ts";
import { memberOf, requireMember } from "./steps.ts";

/** Confidentiality, boundaries, crisis protocol, the bot, AI: each agreed to in its current version. */
export function orientationRoutes(deps: WebDeps): Hono {
  const { t, community } = deps;
  const app = new Hono();
  app.use("/orientation", requireMember);

  const page = async (c: Context, member: Member, missing: boolean) => {
    const given = await consentsOf(deps.db, member.id);
    const agreed = (id: string, version: string) => given.some((g) => g.id === id && g.version === version);
    const renewed = community.consents.some(
      (d) => !agreed(d.id, d.version) && given.some((g) => g.id === d.id),
    );
    return c.render(
      <>
        <h1>{t.orientation.title}</h1>
        <p>{t.orientation.intro}</p>
        {missing ? (
          <p class="notice error" role="alert">
            {t.orientation.missing}
          </p>
        ) : renewed ? (
          <p class="notice error">{t.orientation.renewed}</p>
        ) : null}
        <form method="post" action="/orientation">
          <input type="hidden" name={CSRF_FIELD} value={csrfToken(c, deps)} />
          {community.consents.map((doc) => (
            <section class="card" aria-labelledby={`consent-${doc.id}`}>
              <h2 id={`consent-${doc.id}`}>{doc.title}</h2>
              <p>{doc.text}</p>
              <p class="hint">{t.orientation.version(doc.version)}</p>
              <label class="choice">
                <input
                  type="checkbox"
                  name="consent"
                  value={`${doc.id}@${doc.version}`}
                  required
                  checked={agreed(doc.id, doc.version)}
                />
                <span>{t.orientation.agree(doc.title)}</span>
              </label>
            </section>
          ))}
          <button type="submit">{t.orientation.button}</button>
        </form>
      </>,
      { title: t.orientation.title },
    );
  };

  app.get("/orientation", (c) => page(c, memberOf(c), false));

  app.post("/orientation", async (c) => {
    const member = memberOf(c);
    const ticked = new Set(fields(await readForm(c), "consent"));
    const complete = community.consents.every((doc) => ticked.has(`${doc.id}@${doc.version}`));
    if (!complete) {
      c.status(400);
      return page(c, member, true);
    }
    await recordConsents(deps.db, member.id, community.consents, deps.now());
    deps.members.forgetMember(member.id);
    return c.redirect("/profile", 303);
  });
  return app;
}
