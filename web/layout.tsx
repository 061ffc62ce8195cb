import type { Context } from "hono";
import { raw } from "hono/html";
import type { WebDeps } from "./context.ts";
import { escapeHtml, isPrerendered, rendered, renderJsx } from "./template.ts";

declare module "hono" {
  interface ContextRenderer {
    (
      content: string | Promise<string>,
      props: { title: string; scripts?: readonly string[] },
    ): Response | Promise<Response>;
  }
}

const DOCTYPE = "<!DOCTYPE html>";
const HOLE = "\u0000content\u0000";
const MAX_FRAMES = 64; // titles come from the message catalogue: a handful of frames in practice

/**
 * One page frame for every page (`c.render`): skip link, navigation, main landmark, footer. It holds nothing
 * specific to the visitor beyond "signed in or not", so each frame (title × scripts × signed in) is rendered
 * once, split around the page's content, and reused. Pages go out as one plain string: @hono/node-server then
 * writes it directly instead of streaming it through a Web `Response` (hono's jsxRenderer hands it a String
 * object). Pages that render with JSX at request time still can; templated ones pass their markup as is.
 */
export function layout(deps: WebDeps): (c: Context) => void {
  const { t, community } = deps;
  // The <head> is written out rather than JSX: hono/jsx renders <head>, <title>, <meta>, <link> and <script>
  // through components that start its AsyncLocalStorage (see `renderJsx`), even once at start-up.
  const head = (title: string, scripts: readonly string[]) =>
    `<head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>` +
    `<title>${escapeHtml(`${title} · ${community.name}`)}</title>` +
    `<link rel="stylesheet" href="/assets/style.css"/>` +
    scripts.map((src) => `<script src="${escapeHtml(src)}" defer=""></script>`).join("") +
    `</head>`;
  const frame = (title: string, scripts: readonly string[], signedIn: boolean) =>
    `<html lang="${escapeHtml(t.lang)}">${head(title, scripts)}` +
    rendered(
      <body>
        <a class="skip" href="#main">
          {t.layout.skipToContent}
        </a>
        <header>
          <nav aria-label={t.layout.nav}>
            <a class="brand" href="/">
              {community.name}
            </a>
            <ul>
              {signedIn ? (
                <>
                  <li>
                    <a href="/matches">{t.layout.matches}</a>
                  </li>
                  <li>
                    <a href="/profile">{t.layout.profile}</a>
                  </li>
                  <li>
                    <a href="/progress">{t.layout.progress}</a>
                  </li>
                  <li>
                    <a href="/recognition">{t.layout.recognition}</a>
                  </li>
                  <li>
                    <a href="/my-data">{t.layout.myData}</a>
                  </li>
                  <li>
                    <a href="/sign-out">{t.layout.signOut}</a>
                  </li>
                </>
              ) : (
                <li>
                  <a href="/sign-in">{t.layout.signIn}</a>
                </li>
              )}
            </ul>
          </nav>
        </header>
        <main id="main" tabindex={-1}>
          {raw(HOLE)}
        </main>
        <footer>
          <p>{t.layout.footer}</p>
        </footer>
      </body>,
    ) +
    `</html>`;
  const frames = new Map<string, readonly [string, string]>();
  const frameFor = (title: string, scripts: readonly string[], signedIn: boolean) => {
    const key = `${signedIn ? 1 : 0}${title}\u0000${scripts.join("\u0000")}`;
    const cached = frames.get(key);
    if (cached !== undefined) return cached;
    const html = frame(title, scripts, signedIn);
    const at = html.indexOf(HOLE);
    const parts = [DOCTYPE + html.slice(0, at), html.slice(at + HOLE.length)] as const;
    if (frames.size < MAX_FRAMES) frames.set(key, parts);
    return parts;
  };

  return (c) => {
    c.setRenderer((content, { title, scripts = [] }) => {
      const [before, after] = frameFor(title, scripts, c.get("member") !== undefined);
      // Markup built ahead (templates) goes in as is; JSX is rendered now, a plain string escaped.
      const body = isPrerendered(content) ? String(content) : renderJsx(<>{content}</>);
      return typeof body === "string"
        ? send(c, before + body + after)
        : body.then((text) => send(c, before + text + after));
    });
  };
}

/**
 * A page, flattened first: joined from many pieces, it is a rope that @hono/node-server's byte count and
 * then the socket's UTF-8 encoder would each flatten again.
 */
function send(c: Context, page: string): Response {
  void Number(page); // flattens in place (see `rendered`)
  return c.html(page);
}
