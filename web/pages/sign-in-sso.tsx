import { Hono } from "hono";
import type { WebDeps } from "../context.ts";
import { csrfToken } from "../csrf.ts";
import type { Messages } from "../messages/en.ts";
import { OpenIdProofFields } from "./sign-in-views.tsx";

/**
 * Single sign-on through the member's homeserver (`m.login.sso`). The browser does the Matrix part
 * (web/assets/sso-return-script.ts): the homeserver sends the member back here with a one-time `loginToken`,
 * which the page's script exchanges for a session, turns into an OpenID token and posts to /sign-in/openid
 * like the password way. This server never handles the login token; it only serves the page.
 */
export const SSO_RETURN_PATH = "/sign-in/sso/return";

/** Why the return page sent the member back to /sign-in (`?error=`), shown from the message catalogue. */
const SSO_ERRORS = ["sso_not_started", "sso_no_token", "sso_refused", "sso_unreachable"] as const;
export type SsoError = (typeof SSO_ERRORS)[number];

export function decodeSsoError(input: string | undefined): SsoError | undefined {
  return SSO_ERRORS.find((code) => code === input);
}

/** Where the homeserver sends the member back: the script finishes the sign-in (or explains why not). */
const SsoReturnView = ({ t, csrf }: { t: Messages; csrf: string }) => (
  <>
    <h1>{t.ssoReturn.title}</h1>
    <p id="sso-return-status" role="status" aria-live="polite"></p>
    <p id="sso-needs-script">{t.ssoReturn.needsScript}</p>
    <form
      id="sso-return-form"
      method="post"
      action="/sign-in/openid"
      hidden
      data-msg-working={t.ssoReturn.working}
      data-device-name={t.signIn.deviceName}
    >
      <OpenIdProofFields csrf={csrf} />
      <input type="hidden" name="user_id" value="" />
    </form>
    <p>
      <a href="/sign-in">{t.ssoReturn.back}</a>
    </p>
  </>
);

export function ssoReturnRoutes(deps: WebDeps): Hono {
  const app = new Hono();
  // The same page whatever the query holds: the login token in it is read only by the page's script, which
  // removes it from the address bar first. Pages are no-store and no-referrer (web/app.tsx), so it is neither
  // cached nor sent on to anyone; nothing here logs the URL.
  app.get(SSO_RETURN_PATH, (c) =>
    c.render(<SsoReturnView t={deps.t} csrf={csrfToken(c, deps)} />, {
      title: deps.t.ssoReturn.title,
      scripts: ["/assets/sso-return.js"],
    }),
  );
  return app;
}
