import { describe, expect, it } from "vitest";
import { parseCommand, replyTo } from "../../bot/commands.ts";

describe("bot commands", () => {
  it("reads plain words in a DM and needs the prefix elsewhere", () => {
    expect(parseCommand("  Help ", true)).toEqual({ name: "help" });
    expect(parseCommand("ping", true)).toEqual({ name: "ping" });
    expect(parseCommand("ping", false)).toBeUndefined();
    expect(parseCommand("!kindred ping", false)).toEqual({ name: "ping" });
    expect(parseCommand("!kindred", false)).toEqual({ name: "help" });
  });

  it("answers an unknown word kindly and points to help", () => {
    const command = parseCommand("hello there", true);
    expect(command).toEqual({ name: "unknown", word: "hello" });
    if (command === undefined) return;
    expect(replyTo(command, { name: "C" })).toBe(
      'Sorry, I don\'t know "hello". Send "help" to see what I can do.',
    );
  });

  it("lists the commands in help, in the community's name", () => {
    const text = replyTo({ name: "help" }, { name: "Carers Together" });
    expect(text).toContain("Carers Together");
    expect(text).toContain("ping");
  });
});
