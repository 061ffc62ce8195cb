import type { ChildProcess } from "node:child_process";

/** Live homeserver processes, killed if node exits without stopping them. */
const children = new Set<ChildProcess>();
let hooked = false;

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
  if (hooked) return;
  hooked = true;
  // "exit" handlers must be synchronous, so there is no time for a graceful
  // shutdown; SIGKILL is safe because SQLite is crash-consistent.
  process.on("exit", () => {
    for (const c of children) c.kill("SIGKILL");
  });
}
