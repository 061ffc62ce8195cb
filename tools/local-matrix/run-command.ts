import { spawn } from "node:child_process";

export interface CommandResult {
  code: number | null;
  output: string;
}

/** Runs a short-lived command to completion, capturing stdout+stderr together. */
export function runCommand(command: string, args: string[], cwd?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Like runCommand but throws (with the command's output) on a non-zero exit. */
export async function runChecked(command: string, args: string[], cwd?: string): Promise<string> {
  const result = await runCommand(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${String(result.code)}:\n${result.output.slice(-4000)}`,
    );
  }
  return result.output;
}
