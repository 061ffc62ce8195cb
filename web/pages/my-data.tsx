import { Hono, type Context } from "hono";
import { deleteAccount, exportMemberData } from "../../bot/onboarding/account.ts";
import { endSession } from "../../bot/onboarding/sessions-store.ts";
import type { WebDeps } from "../context.ts";
import { CSRF_FIELD, csrfToken } from "../csrf.ts";
import { field, readForm } from "../form.ts";
import { endSessionCookie } from "../session.ts";
import { memberOf, requireMember } from "./steps.ts";

/** Download everything, delete everything (after a confirmation), sign out. */
export function myDataRoutes(deps: WebDeps): Hono {
  const { t } = deps;
  const app = new Hono();
  app.use("/my-data", requireMember);
  app.use("/my-data/*", requireMember);

  app.get("/my-data", (c) =>
    c.render(
      <>
        <h1>{t.myData.title}</h1>
        <p>{t.myData.intro}</p>
        <section class="card" aria-labelledby="export">
          <h2 id="export">{t.myData.exportHeading}</h2>
          <a class="button" href="/my-data/export.json" download="kindred-my-data.json">
            {t.myData.exportButton}
          </a>
        </section>
        <section class="card" aria-labelledby="delete">
          <h2 id="delete">{t.myData.deleteHeading}</h2>
          <p>{t.myData.deleteIntro}</p>
          <a class="button secondary" href="/my-data/delete">
            {t.myData.deleteLink}
          </a>
        </section>
      </>,
      { title: t.myData.title },
    ),
  );

  app.get("/my-data/export.json", async (c) => {
    const data = await exportMemberData(deps.db, deps.cipher, memberOf(c), deps.now());
    c.header("Content-Disposition", 'attachment; filename="kindred-my-data.json"');
    c.header("Cache-Control", "no-store");
    return c.json(data);
  });

  const confirmPage = (c: Context, missing: boolean) =>
    c.render(
      <>
        <h1>{t.myData.confirmTitle}</h1>
        <p>{t.myData.deleteIntro}</p>
        {missing ? (
          <p class="notice error" role="alert">
            {t.myData.confirmMissing}
          </p>
        ) : null}
        <form method="post" action="/my-data/delete">
          <input type="hidden" name={CSRF_FIELD} value={csrfToken(c, deps)} />
          <label class="choice">
            <input type="checkbox" name="confirm" value="yes" required />
            <span>{t.myData.confirmLabel}</span>
          </label>
          <button type="submit" class="danger">
            {t.myData.confirmButton}
          </button>{" "}
          <a class="button secondary" href="/my-data">
            {t.myData.cancel}
          </a>
        </form>
      </>,
      { title: t.myData.confirmTitle },
    );

  app.get("/my-data/delete", (c) => confirmPage(c, false));

  app.post("/my-data/delete", async (c) => {
    if (field(await readForm(c), "confirm") !== "yes") {
      c.status(400);
      return confirmPage(c, true);
    }
    const member = memberOf(c);
    await deleteAccount(deps, member);
    deps.members.forgetMember(member.id);
    endSessionCookie(c, deps);
    c.set("member", undefined);
    return c.render(
      <>
        <h1>{t.myData.deletedTitle}</h1>
        <p class="notice success" role="status">
          {t.myData.deleted}
        </p>
      </>,
      { title: t.myData.deletedTitle },
    );
  });

  app.get("/sign-out", requireMember, (c) =>
    c.render(
      <>
        <h1>{t.signOut.title}</h1>
        <p>{t.signOut.intro}</p>
        <form method="post" action="/sign-out">
          <input type="hidden" name={CSRF_FIELD} value={csrfToken(c, deps)} />
          <button type="submit">{t.signOut.button}</button>
        </form>
      </>,
      { title: t.signOut.title },
    ),
  );

  app.post("/sign-out", async (c) => {
    const token = c.get("sessionToken");
    if (token !== undefined) {
      await endSession(deps.db, token);
      deps.members.forgetSession(token);
    }
    endSessionCookie(c, deps);
    return c.redirect("/", 303);
  });
  return app;
}
