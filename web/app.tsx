import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { deriveKey } from "../bot/crypto/master-key.ts";
import { serverNameOf, type UserId } from "../bot/ids.ts";
import { memberCipher } from "../bot/onboarding/member-cipher.ts";
import { OPENID_SCRIPT, TIMEZONE_SCRIPT } from "./assets/scripts.ts";
import { SSO_RETURN_SCRIPT } from "./assets/sso-return-script.ts";
import { STYLE } from "./assets/style.ts";
import type { WebDeps, WebOptions } from "./context.ts";
import { csrfProtection } from "./csrf.ts";
import { layout } from "./layout.tsx";
import { memberCache } from "./member-cache.ts";
import { en } from "./messages/en.ts";
import { landingRoutes } from "./pages/landing.tsx";
import { checkinRoutes } from "./pages/check-ins.tsx";
import { matchesRoutes } from "./pages/matches.tsx";
import { circleInvitationRoutes } from "./pages/circle-invitations.tsx";
import { myDataRoutes } from "./pages/my-data.tsx";
import { operatorRoutes } from "./pages/operator.tsx";
import { recognitionPublicRoutes } from "./pages/recognition-public.ts";
import { recognitionRoutes } from "./pages/recognition.tsx";
import { orientationRoutes } from "./pages/orientation.tsx";
import { profileRoutes } from "./pages/profile.tsx";
import { progressRoutes } from "./pages/progress.tsx";
import { signInRoutes } from "./pages/sign-in.tsx";
import { securityHeaderList, securityHeaders, setHeaders } from "./security-headers.ts";
import { loadSession } from "./session.ts";

export type { WebOptions } from "./context.ts";

const MAX_FORM_BYTES = 64 * 1024;
const NO_STORE = [["cache-control", "no-store"]] as const;

/** The community's web pages: landing, sign in with Matrix, orientation & consent, profile, my data. */
export function createWebApp(options: WebOptions): Hono {
  const origin = new URL(options.publicUrl).origin;
  const https = origin.startsWith("https:");
  const cipher = memberCipher(options.sodium, options.masterKey);
  const deps: WebDeps = {
    db: options.db,
    community: options.community,
    botUserId: options.botUserId,
    cipher,
    openId: options.openId,
    wakeOutbox: options.wakeOutbox,
    logger: options.logger,
    t: options.messages ?? en,
    now: options.now ?? (() => new Date()),
    secureCookies: https,
    cookieKey: deriveKey(options.sodium, options.masterKey, "web-sessions"),
    members: memberCache(options.db, cipher, options.community.consents),
    operators: new Set(options.operators ?? []),
    matching: options.matching,
    ...(options.recognition === undefined ? {} : { recognition: options.recognition }),
  };
  const { t } = deps;
  const app = new Hono();
  app.use(securityHeaders(securityHeaderList({ allowHttpHomeservers: options.allowHttpHomeservers, https })));

  app.get("/health", (c) => c.json({ status: "ok" }));
  const asset = (type: string, body: string) => (c: Context) => {
    c.header("Content-Type", type);
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(body);
  };
  app.get("/assets/style.css", asset("text/css; charset=utf-8", STYLE));
  app.get("/assets/openid-sign-in.js", asset("text/javascript; charset=utf-8", OPENID_SCRIPT));
  app.get("/assets/sso-return.js", asset("text/javascript; charset=utf-8", SSO_RETURN_SCRIPT));
  app.get("/assets/timezone.js", asset("text/javascript; charset=utf-8", TIMEZONE_SCRIPT));
  // Public JSON (keys, consented attestations): before the page middleware, so cacheable and cookie-free.
  app.route(
    "/",
    recognitionPublicRoutes({
      db: deps.db,
      now: deps.now,
      issuer: serverNameOf(options.botUserId as UserId),
    }),
  );

  // Every page: one middleware rather than three (each layer costs a little on every request).
  const useLayout = layout(deps);
  const loadMember = loadSession(deps);
  app.use(async (c, next) => {
    setHeaders(c, NO_STORE); // pages show personal data and carry CSRF tokens
    useLayout(c);
    const loading = loadMember(c);
    if (loading !== undefined) await loading;
    await next();
  });
  app.on(
    "POST",
    "*",
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: () => {
        throw new HTTPException(413, { message: "too large" });
      },
    }),
    ...csrfProtection(deps, origin),
  );

  app.route("/", landingRoutes(deps));
  app.route("/", signInRoutes(deps));
  app.route("/", orientationRoutes(deps));
  app.route("/", profileRoutes(deps));
  app.route("/", myDataRoutes(deps));
  app.route("/", checkinRoutes(deps));
  app.route("/", matchesRoutes(deps));
  app.route("/", circleInvitationRoutes(deps));
  app.route("/", operatorRoutes(deps));
  app.route("/", progressRoutes(deps));
  app.route("/", recognitionRoutes(deps));

  const errorPage = (c: Context, status: 403 | 404 | 413 | 500, text: string) => {
    c.status(status);
    return c.render(
      <>
        <h1>{t.errors.title}</h1>
        <p class="notice error" role="alert">
          {text}
        </p>
        <p>
          <a href="/">{t.errors.back}</a>
        </p>
      </>,
      { title: t.errors.title },
    );
  };
  app.notFound((c) => errorPage(c, 404, t.errors.notFound));
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 403) return errorPage(c, 403, t.errors.forbidden);
    if (error instanceof HTTPException && error.status === 413) return errorPage(c, 413, t.errors.tooLarge);
    deps.logger.error("web request failed", { path: c.req.path, error: error.message });
    return errorPage(c, 500, t.errors.server);
  });
  return app;
}
