import type { Messages } from "../messages/en.ts";
import { CSRF_FIELD } from "../csrf.ts";

export type SignInError = keyof Messages["signInErrors"];

interface ViewProps {
  readonly t: Messages;
  readonly csrf: string;
  readonly botUserId: string;
  readonly error: SignInError | undefined;
  readonly userId: string;
}

/** What /sign-in/openid reads besides the Matrix ID: the CSRF token and the OpenID token the script fills in. */
export const OpenIdProofFields = ({ csrf }: { csrf: string }) => (
  <>
    <input type="hidden" name={CSRF_FIELD} value={csrf} />
    <input type="hidden" name="access_token" value="" />
    <input type="hidden" name="matrix_server_name" value="" />
  </>
);

/** The part of the OpenID form its script fills in when the homeserver offers single sign-on. */
const SsoOptions = ({ t }: { t: Messages }) => (
  <div id="sso-options" hidden>
    <p>{t.signIn.ssoIntro}</p>
    <div id="sso-providers" class="sso-providers"></div>
    <p id="sso-or-password">{t.signIn.ssoOrPassword}</p>
  </div>
);

const Alert = ({ t, error }: { t: Messages; error: SignInError | undefined }) =>
  error === undefined ? null : (
    <p class="notice error" role="alert">
      {t.signInErrors[error]}
    </p>
  );

/** Both ways to sign in; the OpenID form stays hidden until its script shows it. */
export const SignInView = ({ t, csrf, botUserId, error, userId }: ViewProps) => (
  <>
    <h1>{t.signIn.title}</h1>
    <p>{t.signIn.intro}</p>
    <Alert t={t} error={error} />
    <section class="card" aria-labelledby="openid-heading">
      <h2 id="openid-heading">{t.signIn.openIdHeading}</h2>
      <p>{t.signIn.openIdIntro}</p>
      <p id="openid-needs-script">{t.signIn.openIdNeedsScript}</p>
      <p id="sso-incomplete" class="notice error" role="alert" hidden>
        {t.signIn.ssoIncomplete}
      </p>
      <form
        id="openid-form"
        method="post"
        action="/sign-in/openid"
        hidden
        data-msg-missing={t.signIn.openIdMissing}
        data-msg-working={t.signIn.working}
        data-msg-failed={t.signIn.openIdFailed}
        data-device-name={t.signIn.deviceName}
        data-msg-sso-generic={t.signIn.ssoGeneric}
        data-msg-sso-with={t.signIn.ssoWith("{provider}")}
        data-msg-sso-going={t.signIn.ssoGoing}
      >
        <OpenIdProofFields csrf={csrf} />
        <label for="openid-user">{t.signIn.userIdLabel}</label>
        <p class="hint" id="openid-user-hint">
          {t.signIn.userIdHint}
        </p>
        <input
          type="text"
          id="openid-user"
          name="user_id"
          value={userId}
          required
          autocomplete="username"
          aria-describedby="openid-user-hint"
          spellcheck={false}
          autocapitalize="none"
        />
        <label for="openid-homeserver">{t.signIn.homeserverLabel}</label>
        <p class="hint" id="openid-homeserver-hint">
          {t.signIn.homeserverHint}
        </p>
        <input
          type="url"
          id="openid-homeserver"
          aria-describedby="openid-homeserver-hint"
          autocomplete="url"
        />
        <SsoOptions t={t} />
        <div id="openid-password-part">
          <label for="openid-password">{t.signIn.passwordLabel}</label>
          <input type="password" id="openid-password" required autocomplete="current-password" />
        </div>
        <p id="openid-status" role="status" aria-live="polite"></p>
        <button type="submit" id="openid-password-button">
          {t.signIn.openIdButton}
        </button>
      </form>
    </section>
    <section class="card" aria-labelledby="code-heading">
      <h2 id="code-heading">{t.signIn.codeHeading}</h2>
      <p>{t.signIn.codeIntro(botUserId)}</p>
      <form method="post" action="/sign-in/code">
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <label for="code-user">{t.signIn.userIdLabel}</label>
        <p class="hint" id="code-user-hint">
          {t.signIn.userIdHint}
        </p>
        <input
          type="text"
          id="code-user"
          name="user_id"
          value={userId}
          required
          autocomplete="username"
          aria-describedby="code-user-hint"
          spellcheck={false}
          autocapitalize="none"
        />
        <button type="submit">{t.signIn.codeButton}</button>
      </form>
    </section>
  </>
);

/** Where the member types the code the bot sent. */
export const CodeView = ({ t, csrf, botUserId, error, userId }: ViewProps) => (
  <>
    <h1>{t.signIn.codeSentTitle}</h1>
    <p>{t.signIn.codeSent(userId, botUserId)}</p>
    <Alert t={t} error={error} />
    <form method="post" action="/sign-in/code/verify">
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <input type="hidden" name="user_id" value={userId} />
      <label for="code">{t.signIn.codeLabel}</label>
      <input
        type="text"
        id="code"
        name="code"
        required
        inputmode="numeric"
        autocomplete="one-time-code"
        maxlength={12}
      />
      <button type="submit">{t.signIn.codeVerifyButton}</button>
    </form>
    <form method="post" action="/sign-in/code">
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <input type="hidden" name="user_id" value={userId} />
      <button type="submit" class="secondary">
        {t.signIn.codeAgain}
      </button>
    </form>
  </>
);
