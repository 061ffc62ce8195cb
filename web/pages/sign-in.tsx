import { Hono, type Context } from "hono";
import type { UserId } from "../../bot/ids.ts";
import {
  requestSignInCode,
  signInWithCode,
  signInWithOpenId,
  type SignedIn,
} from "../../bot/onboarding/sign-in.ts";
import type { WebDeps } from "../context.ts";
import { csrfToken } from "../csrf.ts";
import { field, readForm } from "../form.ts";
import { clientAddress, decodeCode, decodeOpenIdToken, decodeServerName, decodeUserId } from "../inputs.ts";
import { RateLimiter } from "../rate-limit.ts";
import { startSessionCookie } from "../session.ts";
import { decodeSsoError, ssoReturnRoutes } from "./sign-in-sso.tsx";
import { CodeView, SignInView, type SignInError } from "./sign-in-views.tsx";
import { nextStep } from "./steps.ts";

const WINDOW_MS = 15 * 60 * 1000;

export function signInRoutes(deps: WebDeps): Hono {
  const { t, botUserId } = deps;
  const limits = {
    codeByAddress: new RateLimiter(10, WINDOW_MS, deps.now),
    codeByUser: new RateLimiter(3, WINDOW_MS, deps.now),
    verifyByAddress: new RateLimiter(30, WINDOW_MS, deps.now),
    openIdByAddress: new RateLimiter(30, WINDOW_MS, deps.now),
  };
  const app = new Hono();

  const signInPage = (c: Context, error?: SignInError, userId = "") =>
    c.render(
      <SignInView t={t} csrf={csrfToken(c, deps)} botUserId={botUserId} error={error} userId={userId} />,
      {
        title: t.signIn.title,
        scripts: ["/assets/openid-sign-in.js"],
      },
    );

  const codePage = (c: Context, userId: UserId, error?: SignInError) =>
    c.render(
      <CodeView t={t} csrf={csrfToken(c, deps)} botUserId={botUserId} error={error} userId={userId} />,
      {
        title: t.signIn.codeSentTitle,
      },
    );

  const signedIn = async (c: Context, result: SignedIn) => {
    startSessionCookie(c, deps, result.sessionToken);
    return c.redirect(await nextStep(deps, result.member), 303);
  };

  app.get("/sign-in", async (c) => {
    const member = c.get("member");
    if (member !== undefined) return c.redirect(await nextStep(deps, member), 303);
    // The single sign-on return page sends the member back here when it cannot finish.
    return signInPage(c, decodeSsoError(c.req.query("error")));
  });
  app.route("/", ssoReturnRoutes(deps));

  app.post("/sign-in/code", async (c) => {
    const body = await readForm(c);
    const userId = decodeUserId(field(body, "user_id"));
    if (userId === undefined) {
      c.status(400);
      return signInPage(c, "invalid_user_id", (field(body, "user_id") ?? "").slice(0, 255));
    }
    if (!limits.codeByAddress.allow(clientAddress(c)) || !limits.codeByUser.allow(userId)) {
      c.status(429);
      return signInPage(c, "rate_limited", userId);
    }
    await requestSignInCode(deps, userId, (code) => t.signInCodeMessage(deps.community.name, code));
    return codePage(c, userId);
  });

  app.post("/sign-in/code/verify", async (c) => {
    const body = await readForm(c);
    const userId = decodeUserId(field(body, "user_id"));
    if (userId === undefined) {
      c.status(400);
      return signInPage(c, "invalid_user_id");
    }
    if (!limits.verifyByAddress.allow(clientAddress(c))) {
      c.status(429);
      return codePage(c, userId, "rate_limited");
    }
    const code = decodeCode(field(body, "code"));
    if (code === undefined) {
      c.status(400);
      return codePage(c, userId, "invalid_code");
    }
    const result = await signInWithCode(deps, userId, code);
    if (!result.ok) {
      c.status(400);
      return codePage(c, userId, result.error);
    }
    return signedIn(c, result.value);
  });

  app.post("/sign-in/openid", async (c) => {
    const body = await readForm(c);
    const userId = decodeUserId(field(body, "user_id"));
    const token = decodeOpenIdToken(field(body, "access_token"));
    const serverName = decodeServerName(field(body, "matrix_server_name"));
    if (userId === undefined) {
      c.status(400);
      return signInPage(c, "invalid_user_id");
    }
    if (!limits.openIdByAddress.allow(clientAddress(c))) {
      c.status(429);
      return signInPage(c, "rate_limited", userId);
    }
    if (token === undefined || serverName === undefined) {
      c.status(400);
      return signInPage(c, "invalid_token", userId);
    }
    const result = await signInWithOpenId(deps, { userId, accessToken: token, serverName });
    if (!result.ok) {
      deps.logger.info("OpenID sign-in refused", { reason: result.error, server: serverName });
      c.status(result.error === "unreachable" ? 502 : 400);
      return signInPage(c, result.error, userId);
    }
    return signedIn(c, result.value);
  });

  return app;
}
