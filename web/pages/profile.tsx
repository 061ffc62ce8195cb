import { Hono, type Context } from "hono";
import { completeOnboarding } from "../../bot/onboarding/account.ts";
import { decodeProfile, profileChoices } from "../../bot/onboarding/profile.ts";
import { requestMatchingRun } from "../../bot/match-flow/index.ts";
import { saveProfile } from "../../bot/onboarding/profiles-store.ts";
import type { WebDeps } from "../context.ts";
import { csrfToken } from "../csrf.ts";
import { readForm } from "../form.ts";
import { draftFrom, EMPTY_DRAFT, type ProfileDraft } from "./profile-draft.ts";
import { asJsx, rendered, template, type Html } from "../template.ts";
import { profileForm, type ProfileFormValues } from "./profile-form.tsx";
import { badgeSummary } from "./recognition.tsx";
import { memberOf, requireConsents } from "./steps.ts";

interface Notice {
  readonly error?: string;
  readonly saved?: boolean;
  /** The member's recognition badges (web/pages/recognition.tsx), shown above the form. */
  readonly badges?: Html;
}

const NOTHING = "" as Html;

export function profileRoutes(deps: WebDeps): Hono {
  const { t, community } = deps;
  const supportTags = community.supportTags ?? [];
  const choices = profileChoices(community);
  const form = profileForm(t, community.experiences, community.languages, supportTags);
  const app = new Hono();
  app.use("/profile", requireConsents(deps));
  app.use("/done", requireConsents(deps));

  // Built once: each view only fills in the notices, the member's answers and the CSRF token.
  const savedNotice = rendered(
    <p class="notice success" role="status">
      {t.profile.saved}
    </p>,
  );
  const body = template<ProfileFormValues & Notice>((slot) => (
    <>
      <h1>{t.profile.title}</h1>
      <p>{t.profile.intro}</p>
      {slot(({ badges }) => badges ?? NOTHING)}
      <p>
        <a href="/check-ins">{t.checkins.link}</a>
      </p>
      {slot(({ error }) =>
        error === undefined
          ? NOTHING
          : rendered(
              <p class="notice error" role="alert">
                {error} {t.profileErrors.nothingSaved}
              </p>,
            ),
      )}
      {slot(({ saved }) => (saved === true ? savedNotice : NOTHING))}
      {slot((values) => form.render(values))}
    </>
  ));
  const page = (c: Context, draft: ProfileDraft, notice: Notice) =>
    c.render(asJsx(body.render({ draft, csrf: csrfToken(c, deps), ...notice })), {
      title: t.profile.title,
      scripts: ["/assets/timezone.js"],
    });

  app.get("/profile", async (c) => {
    const remembered = deps.members.profile(memberOf(c)); // a promise only when read from the database
    const profile = remembered instanceof Promise ? await remembered : remembered;
    const summary = badgeSummary(deps, memberOf(c)); // likewise: remembered for a minute
    const badges = summary instanceof Promise ? await summary : summary;
    return page(c, profile ?? EMPTY_DRAFT, { saved: c.req.query("saved") === "1", badges });
  });

  app.post("/profile", async (c) => {
    const member = memberOf(c);
    const draft = draftFrom(await readForm(c));
    const decoded = decodeProfile(draft, choices);
    if (!decoded.ok) {
      c.status(400);
      const messages: Record<string, string> = t.profileErrors;
      return page(c, draft, { error: messages[decoded.issue.field] ?? t.profileErrors.profile });
    }
    await saveProfile(deps.db, deps.cipher, member.id, decoded.profile, deps.now());
    // A new or changed profile may match someone now: the next tick runs matching, not the next schedule.
    if (deps.matching !== undefined) await requestMatchingRun(deps.db, deps.now());
    deps.members.forgetMember(member.id);
    if (member.onboardedAt !== null) return c.redirect("/profile?saved=1", 303);
    await completeOnboarding(deps, member, t.welcome(community.name));
    deps.members.forgetMember(member.id); // onboarded now
    return c.redirect("/done", 303);
  });

  app.get("/done", (c) =>
    c.render(
      <>
        <h1>{t.done.title}</h1>
        <p class="notice success" role="status">
          {t.done.greeting(deps.botUserId)}
        </p>
        <ul>
          {t.done.next.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
        <p>
          <a class="button" href="/matches">
            {t.done.matches}
          </a>{" "}
          <a class="button secondary" href="/profile">
            {t.done.editProfile}
          </a>
        </p>
      </>,
      { title: t.done.title },
    ),
  );
  return app;
}
