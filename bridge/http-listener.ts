import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";

export interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves a Hono app and resolves once it listens (or rejects with the bind error, e.g. port in use). */
export function listen(app: Hono, hostname: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname, port }, (info: AddressInfo) => {
      server.off("error", reject);
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
