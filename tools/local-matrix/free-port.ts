import net from "node:net";

/** Binds 127.0.0.1:port (0 = any) and releases it, resolving the bound port. */
function bindAndRelease(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = address !== null && typeof address !== "string" ? address.port : undefined;
      server.close(() =>
        bound === undefined ? reject(new Error("could not determine bound port")) : resolve(bound),
      );
    });
  });
}

// Below Linux's ephemeral range (32768–60999): a port the OS hands out for outgoing connections could otherwise be
// taken by one (a sync request, a federation call) between picking it and a server binding it.
const LOW = 20_000;
const HIGH = 32_000;

/** An unused loopback port outside the ephemeral range (a tiny race window remains, fine for tests). */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const candidate = LOW + Math.floor(Math.random() * (HIGH - LOW));
    try {
      return await bindAndRelease(candidate);
    } catch {
      // taken: try another
    }
  }
  return bindAndRelease(0);
}

/**
 * Fails fast if a port is taken: otherwise /health could be answered by
 * whatever already listens there and a dead homeserver would look ready.
 */
export async function assertPortFree(port: number): Promise<void> {
  try {
    await bindAndRelease(port);
  } catch (error) {
    throw new Error(
      `port 127.0.0.1:${port} is not free: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
