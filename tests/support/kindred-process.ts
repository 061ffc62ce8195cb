import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const REPO = join(import.meta.dirname, "..", "..");

/** `kindred start` as a real child process, with its log lines collected for assertions. */
export class KindredProcess {
  readonly lines: string[] = [];
  private exit: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    const collect = (chunk: Buffer): void =>
      void this.lines.push(
        ...chunk
          .toString()
          .split("\n")
          .filter((l) => l !== ""),
      );
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    this.exit = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  }

  /** `env` adds variables for this process only (test hooks such as KINDRED_TEST_EXIT_AFTER_CLAIM). */
  static start(configFile: string, env: Readonly<Record<string, string>> = {}): KindredProcess {
    // node itself with tsx as a loader: the `tsx` command would wrap Kindred in a second process, and a SIGKILL
    // would then kill the wrapper and orphan Kindred.
    const args = ["--import", "tsx", join(REPO, "bin", "kindred.ts"), "start", "--config", configFile];
    return new KindredProcess(spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env } }));
  }

  /** Resolves with the first log line matching `pattern`; fails at the deadline or if the process exits. */
  async waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const line of this.lines) {
        const match = pattern.exec(line);
        if (match !== null) return match;
      }
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `kindred never logged ${String(pattern)}; last lines:\n${this.lines.slice(-20).join("\n")}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Resolves with the exit code once the process has ended by itself. */
  exited(): Promise<number | null> {
    return this.exit;
  }

  /** SIGKILL: no shutdown code runs, as in a crash or a power cut. */
  async crash(): Promise<void> {
    this.child.kill("SIGKILL");
    await this.exit;
  }

  async stop(): Promise<number | null> {
    this.child.kill("SIGTERM");
    return this.exit;
  }
}
