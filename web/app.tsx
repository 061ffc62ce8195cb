import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { FC } from "hono/jsx";

export interface WebOptions {
  readonly community: { readonly name: string; readonly purpose: string };
  readonly botUserId: string;
}

const Layout: FC<{ title: string; children?: unknown }> = ({ title, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
    </head>
    <body>
      <main>{children}</main>
    </body>
  </html>
);

/** The community's web pages. Onboarding grows here; for now the landing page says how to reach the bot. */
export function createWebApp({ community, botUserId }: WebOptions): Hono {
  const app = new Hono();
  app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"] } }));
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/", (c) =>
    c.html(
      <Layout title={community.name}>
        <h1>{community.name}</h1>
        {community.purpose === "" ? null : <p>{community.purpose}</p>}
        <p>
          Peer support from people who have lived it. Kindred is not professional care: in a crisis, contact
          your local emergency services.
        </p>
        <h2>Say hello</h2>
        <p>
          From any Matrix client, start a direct message with <code>{botUserId}</code> and send{" "}
          <kbd>help</kbd>.
        </p>
      </Layout>,
    ),
  );
  return app;
}
