import path from "node:path";

/** Every file a homeserver keeps in its data dir, in one place. */
export function homeserverPaths(dataDir: string) {
  const dir = path.resolve(dataDir);
  return {
    dir,
    config: path.join(dir, "homeserver.yaml"),
    logConfig: path.join(dir, "log.config.yaml"),
    log: path.join(dir, "homeserver.log"),
    processLog: path.join(dir, "process.log"),
    database: path.join(dir, "homeserver.db"),
    mediaStore: path.join(dir, "media_store"),
    signingKey: path.join(dir, "signing.key"),
    pidFile: path.join(dir, "homeserver.pid"),
    tlsCert: path.join(dir, "tls.crt"),
    tlsKey: path.join(dir, "tls.key"),
    sharedSecret: path.join(dir, "registration-shared-secret"),
  };
}

export type HomeserverPaths = ReturnType<typeof homeserverPaths>;
