import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../bin/config.ts";
import { VALID_CONFIG, writeConfig } from "../support/config-files.ts";

function message(file: string): string {
  const loaded = loadConfig(file);
  if (loaded.ok) throw new Error("expected the config to be refused");
  return loaded.message;
}

describe("config decoding", () => {
  it("decodes a valid config with defaults and paths resolved beside the file", () => {
    const file = writeConfig(VALID_CONFIG);
    const loaded = loadConfig(file);
    expect(loaded.ok && loaded.value).toMatchObject({
      homeserver: { url: "http://127.0.0.1:8008", serverName: "localhost:8481" },
      appservice: { hsToken: "hs-token-0123456789abcdef", senderLocalpart: "kindred_appservice", port: 9000 },
      botLocalpart: "kindred",
      dataDir: join(file, "..", "data"),
      databaseUrl: join(file, "..", "data", "kindred.sqlite"),
      botDisplayName: "Test Community bot",
      matching: { everyMs: 300_000, suggestionTtlMs: 48 * 3_600_000, circleAfterMs: 24 * 3_600_000 },
      operators: [],
    });
  });

  it("decodes operators as Matrix IDs and names a wrong one", () => {
    const loaded = loadConfig(writeConfig({ ...VALID_CONFIG, operators: ["@alice:example.org"] }));
    expect(loaded.ok && loaded.value.operators).toEqual(["@alice:example.org"]);
    const file = writeConfig({ ...VALID_CONFIG, operators: ["alice"] });
    expect(message(file)).toBe(
      `config error in ${file}: operators.0: expected a Matrix ID like @alice:example.org`,
    );
  });

  it("decodes the weekly prompt of check-ins, with defaults, and refuses an unknown timezone", () => {
    const defaults = loadConfig(writeConfig(VALID_CONFIG));
    expect(defaults.ok && defaults.value.checkins.weeklyPrompt).toMatchObject({
      text: expect.stringContaining("one win") as unknown,
      recurrence: { days: new Set(["mon"]), time: "18:00", timezone: "UTC" },
    });
    const off = loadConfig(writeConfig({ ...VALID_CONFIG, checkins: { weekly_prompt: { enabled: false } } }));
    expect(off.ok && off.value.checkins.weeklyPrompt).toBeNull();
    const file = writeConfig({ ...VALID_CONFIG, checkins: { weekly_prompt: { timezone: "Mars/Olympus" } } });
    expect(message(file)).toBe(
      `config error in ${file}: checkins.weekly_prompt.timezone: unknown IANA timezone`,
    );
  });

  it("decodes recognition thresholds per role, with defaults, and refuses a bad one by name", () => {
    const defaults = loadConfig(writeConfig(VALID_CONFIG));
    expect(defaults.ok && defaults.value.recognition).toEqual({
      thresholds: {
        peer_supporter: { pairings: 3, circles: 0, positiveFeedbackPercent: 0, training: false },
        mentor: { pairings: 10, circles: 1, positiveFeedbackPercent: 75, training: true },
      },
      recheckAfterMs: 24 * 3_600_000,
    });
    const custom = loadConfig(
      writeConfig({
        ...VALID_CONFIG,
        recognition: { mentor: { pairings: 5, positive_feedback_percent: 80 }, recheck_hours: 0.5 },
      }),
    );
    expect(custom.ok && custom.value.recognition).toMatchObject({
      thresholds: { mentor: { pairings: 5, circles: 0, positiveFeedbackPercent: 80, training: false } },
      recheckAfterMs: 1_800_000,
    });
    const file = writeConfig({
      ...VALID_CONFIG,
      recognition: { mentor: { pairings: 5, positive_feedback_percent: 120 } },
    });
    expect(message(file)).toMatch(/recognition\.mentor\.positive_feedback_percent: /);
  });

  it("names the file and the key of a missing setting", () => {
    const file = writeConfig({ ...VALID_CONFIG, homeserver: { url: "http://127.0.0.1:8008" } });
    expect(message(file)).toBe(`config error in ${file}: homeserver.server_name: missing (required)`);
  });

  it("names the file and the key of a setting of the wrong type", () => {
    const file = writeConfig({
      ...VALID_CONFIG,
      appservice: { registration: "registration.yaml", port: "ninety" },
    });
    expect(message(file)).toMatch(new RegExp(`^config error in ${file}: appservice\\.port: .*number`));
  });

  it("refuses unknown keys so a typo cannot pass silently", () => {
    const file = writeConfig({ ...VALID_CONFIG, comunity: { name: "typo" } });
    expect(message(file)).toBe(`config error in ${file}: comunity: unknown key`);
  });

  it("names an unreadable file", () => {
    expect(message("/nonexistent/kindred.yaml")).toBe(
      "config error: cannot read /nonexistent/kindred.yaml: no such file",
    );
  });

  it("names the registration file when it is the one at fault", () => {
    const file = writeConfig(VALID_CONFIG, { id: "kindred", url: null, as_token: "short" });
    expect(message(file)).toBe(
      `config error in ${join(file, "..", "registration.yaml")}: as_token: Too small: expected string to have >=16 characters`,
    );
  });

  it("reports broken YAML in one line", () => {
    const file = writeConfig("homeserver: [unclosed\n");
    const text = message(file);
    expect(text).toMatch(new RegExp(`^config error in ${file}: not valid YAML`));
    expect(text).not.toContain("\n");
  });
});

describe("kindred start with a bad config", () => {
  const cli = join(import.meta.dirname, "..", "..", "bin", "kindred.ts");
  const tsx = join(import.meta.dirname, "..", "..", "node_modules", ".bin", "tsx");

  it.each([
    [
      "a missing key",
      () => writeConfig({ ...VALID_CONFIG, community: {} }),
      "community.name: missing (required)",
    ],
    [
      "a wrong type",
      () => writeConfig({ ...VALID_CONFIG, appservice: { registration: 5 } }),
      "appservice.registration:",
    ],
    ["an unreadable file", () => "/nonexistent/kindred.yaml", "cannot read /nonexistent/kindred.yaml"],
  ])("prints one clear line and exits 2 for %s", (_case, makeFile, expected) => {
    const result = spawnSync(tsx, [cli, "start", "--config", makeFile()], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(expected);
    expect(lines[0]).toMatch(/^kindred: config error/);
  });
});

describe("the sample config", () => {
  const sample = readFileSync(join(import.meta.dirname, "..", "..", "kindred.sample.yaml"), "utf8");

  it("refuses to start until the operator sets a real master key", () => {
    const file = writeConfig(sample);
    expect(message(file)).toBe(
      `config error in ${file}: secrets.master_key: expected 32 bytes in base64 (openssl rand -base64 32)`,
    );
  });

  it("decodes once the master key is filled in", () => {
    const filled = sample.replace(
      "REPLACE-WITH-openssl-rand-base64-32",
      Buffer.alloc(32, 7).toString("base64"),
    );
    const loaded = loadConfig(writeConfig(filled));
    expect(loaded.ok && loaded.value.community.name).toBe("Carers Together");
    expect(loaded.ok && loaded.value.masterKey).toEqual(new Uint8Array(32).fill(7));
  });
});
