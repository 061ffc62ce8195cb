import { Hono } from "hono";
import { crisisResourcesFor } from "../../bot/onboarding/community.ts";
import type { WebDeps } from "../context.ts";
import { requestHeader } from "../node-http.ts";

/** The country whose crisis resources to show: chosen on the page, else the browser's language region. */
function visitorCountry(query: string | undefined, acceptLanguage: string | undefined): string | undefined {
  if (query !== undefined && /^[A-Za-z]{2}$/.test(query)) return query.toUpperCase();
  const region = /^[a-z]{2,3}-([A-Za-z]{2})\b/.exec(acceptLanguage ?? "")?.[1];
  return region?.toUpperCase();
}

const MAX_VARIANTS = 2 * 26 * 26; // signed in or not × two-letter country codes
// A new object per response: @hono/node-server adds Content-Length to the one it is given.
const html = () => ({ "Content-Type": "text/html; charset=UTF-8" });

export function landingRoutes(deps: WebDeps): Hono {
  const { t, community } = deps;
  const app = new Hono();
  // The page depends only on config, the country and whether someone is signed in: render each variant once.
  const rendered = new Map<string, Uint8Array<ArrayBuffer>>(); // encoded once too: bytes go out as they are
  app.get("/", async (c) => {
    const country = visitorCountry(c.req.query("country"), requestHeader(c, "accept-language"));
    const signedIn = c.get("member") !== undefined;
    const key = `${country ?? ""}|${signedIn}`;
    const cached = rendered.get(key);
    if (cached !== undefined) return c.body(cached, 200, html());
    const crisis = crisisResourcesFor(community, country);
    const response = await c.render(
      <>
        <h1>{t.landing.title(community.name)}</h1>
        {community.purpose === "" ? null : <p class="lead">{community.purpose}</p>}
        <p>
          <a class="button" href={signedIn ? "/profile" : "/sign-in"}>
            {signedIn ? t.landing.continue : t.landing.start}
          </a>
        </p>
        <section class="card crisis" aria-labelledby="crisis">
          <h2 id="crisis">{t.landing.crisisHeading}</h2>
          <p>{t.landing.crisisIntro}</p>
          <ul>
            {crisis.map((r) => (
              <li>
                <strong>{r.name}</strong>: {r.contact}
                {r.url === null ? null : (
                  <>
                    {" "}
                    (<a href={r.url}>{r.url}</a>)
                  </>
                )}
              </li>
            ))}
          </ul>
          <form method="get" action="/">
            <label for="country">{t.landing.countryLabel}</label>
            <input
              type="text"
              id="country"
              name="country"
              value={country ?? ""}
              maxlength={2}
              autocomplete="country"
            />
            <button type="submit" class="secondary">
              {t.landing.countryButton}
            </button>
          </form>
        </section>
        <h2>{t.landing.peerSupportHeading}</h2>
        <p>{t.landing.peerSupportIs}</p>
        <p>
          <strong>{t.landing.peerSupportIsNot}</strong>
        </p>
        {community.values.length === 0 ? null : (
          <>
            <h2>{t.landing.valuesHeading}</h2>
            <ul>
              {community.values.map((v) => (
                <li>{v}</li>
              ))}
            </ul>
          </>
        )}
        {community.guidelines.length === 0 ? null : (
          <>
            <h2>{t.landing.guidelinesHeading}</h2>
            <ul>
              {community.guidelines.map((g) => (
                <li>{g}</li>
              ))}
            </ul>
          </>
        )}
        <h2>{t.landing.howHeading}</h2>
        <ol>
          {t.landing.how.map((step) => (
            <li>{step}</li>
          ))}
        </ol>
      </>,
      { title: t.landing.title(community.name) },
    );
    const page = new Uint8Array(await response.arrayBuffer());
    if (rendered.size < MAX_VARIANTS) rendered.set(key, page);
    return c.body(page, 200, html());
  });
  return app;
}
