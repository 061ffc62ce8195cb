import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { runChecked, runCommand } from "./run-command.ts";

/** Pinned so tests and the dev stack behave identically everywhere. */
export const SYNAPSE_VERSION = "1.163.2";

/** `oidc` brings authlib, which Synapse needs for single sign-on through OpenID Connect identity providers. */
const REQUIREMENT = `matrix-synapse[oidc]==${SYNAPSE_VERSION}`;

/**
 * Makes sure `<repoRoot>/.cache/synapse/venv` holds the pinned Synapse with its `oidc` extra and
 * returns the venv's python. A project-local venv keeps the system Python clean. A venv made before the
 * extra was needed gets it added (pip keeps what is already installed).
 */
export async function ensureSynapse(
  repoRoot: string,
  log: (line: string) => void = () => undefined,
): Promise<string> {
  const venv = path.join(repoRoot, ".cache", "synapse", "venv");
  const python = path.join(venv, "bin", "python");

  if (existsSync(python)) {
    // The installed distribution's version: `synapse.__version__` adds git details when run inside a checkout.
    const probe = await runCommand(python, [
      "-c",
      "import importlib.metadata as m; print(m.version('matrix-synapse')); import authlib",
    ]);
    if (probe.code === 0 && probe.output.trim() === SYNAPSE_VERSION) return python;
  } else {
    log(`creating virtualenv in ${venv}`);
    await mkdir(path.dirname(venv), { recursive: true });
    await runChecked("python3", ["-m", "venv", venv]);
  }

  log(`installing ${REQUIREMENT} (this takes a minute)`);
  await runChecked(path.join(venv, "bin", "pip"), ["install", "--quiet", REQUIREMENT]);
  return python;
}
