import { describe, expect, it } from "vitest";
import type { UserId } from "../../bot/ids.ts";
import { findOrCreateMember } from "../../bot/onboarding/members-store.ts";
import { heldRoles } from "../../bot/recognition/roles-store.ts";
import { trainingOf } from "../../bot/recognition/training-store.ts";
import type { CommandIo } from "../../bin/attestation-commands.ts";
import { loadConfig } from "../../bin/config.ts";
import { roleCommand } from "../../bin/role-command.ts";
import { trainingCommand } from "../../bin/training-command.ts";
import { connectDatabase, migrateToLatest } from "../../schema/index.ts";
import { VALID_CONFIG, writeConfig } from "../support/config-files.ts";

const ALICE = `@alice:${VALID_CONFIG.homeserver.server_name}` as UserId;

function capture(): CommandIo & { text(): string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join("\n") };
}

describe("kindred training and kindred role", () => {
  const file = writeConfig({
    ...VALID_CONFIG,
    homeserver: { url: "http://127.0.0.1:9", server_name: VALID_CONFIG.homeserver.server_name },
  });
  const loaded = loadConfig(file);
  if (!loaded.ok) throw new Error(loaded.message);
  const config = loaded.value;
  const withDb = async <T>(use: (db: ReturnType<typeof connectDatabase>["db"]) => Promise<T>): Promise<T> => {
    const handle = connectDatabase(config.databaseUrl);
    try {
      await migrateToLatest(handle);
      return await use(handle.db);
    } finally {
      await handle.close();
    }
  };

  it("records training for a member once, lists it, and refuses someone who is not a member", async () => {
    const io = capture();
    expect(await trainingCommand(["record", ALICE, "Peer", "listening", "--config", file], io)).toBe(1);
    expect(io.text()).toContain("is not a member");
    const member = await withDb((db) => findOrCreateMember(db, ALICE, new Date()));
    expect(
      await trainingCommand(
        ["record", ALICE, "Peer listening", "--by", "@mod:x.example", "--config", file],
        io,
      ),
    ).toBe(0);
    expect(await trainingCommand(["record", ALICE, "Peer listening", "--config", file], io)).toBe(0);
    expect(io.text()).toContain("Already recorded: @alice");
    expect(await trainingCommand(["list", ALICE, "--config", file], io)).toBe(0);
    expect(io.text()).toMatch(/Peer listening {2}\(recorded .* by @mod:x\.example\)/);
    expect(await withDb((db) => trainingOf(db, member.id))).toHaveLength(1);
  });

  it("refuses bad usage with exit code 2", async () => {
    const io = capture();
    expect(await trainingCommand(["record", "alice", "x", "--config", file], io)).toBe(2);
    expect(await trainingCommand(["record", ALICE, "<script>", "--config", file], io)).toBe(2);
    expect(await roleCommand(["grant", ALICE, "guru", "--config", file], io)).toBe(2);
    expect(await roleCommand(["grant", ALICE, "mentor", "--capacity", "0", "--config", file], io)).toBe(2);
  });

  it("a moderator grants and takes back a role (source moderator), other sources untouched", async () => {
    const io = capture();
    const member = await withDb((db) => findOrCreateMember(db, ALICE, new Date()));
    expect(await roleCommand(["grant", ALICE, "mentor", "--capacity", "2", "--config", file], io)).toBe(0);
    expect(await withDb((db) => heldRoles(db, member.id))).toEqual([
      expect.objectContaining({ role: "mentor", source: "moderator", capacity: 2 }),
    ]);
    expect(await roleCommand(["revoke", ALICE, "mentor", "--config", file], io)).toBe(0);
    expect(io.text()).toContain("holds no role");
    expect(await withDb((db) => heldRoles(db, member.id))).toEqual([]);
  });
});
