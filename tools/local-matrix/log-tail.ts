import { readFile } from "node:fs/promises";

/** Last `lines` lines of a file, or a note if it can't be read (it may not exist yet). */
export async function tailFile(file: string, lines = 40): Promise<string> {
  try {
    const text = await readFile(file, "utf8");
    return text.trimEnd().split("\n").slice(-lines).join("\n");
  } catch (error) {
    return `(cannot read ${file}: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Both logs, formatted for an Error message, so a failed start explains itself. */
export async function describeLogs(files: string[]): Promise<string> {
  const parts = await Promise.all(
    files.map(async (file) => `--- last lines of ${file} ---\n${await tailFile(file)}`),
  );
  return parts.join("\n");
}
