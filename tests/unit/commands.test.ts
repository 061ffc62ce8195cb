import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../bot/command-list.ts";
import { helpText, parseCommand, unknownCommandText } from "../../bot/commands.ts";

describe("bot commands", () => {
  it("reads plain words in a DM and needs the prefix elsewhere", () => {
    expect(parseCommand("  Help ", true)).toEqual({ word: "help", args: "" });
    expect(parseCommand("ping", true)).toEqual({ word: "ping", args: "" });
    expect(parseCommand("ping", false)).toBeUndefined();
    expect(parseCommand("!kindred ping", false)).toEqual({ word: "ping", args: "" });
    expect(parseCommand("!kindred", false)).toEqual({ word: "", args: "" });
    expect(parseCommand("Goal add  Walk Daily ", true)).toEqual({ word: "goal", args: "add  Walk Daily" });
  });

  it("answers an unknown word kindly and points to help", () => {
    expect(unknownCommandText("hello")).toBe(
      'Sorry, I don\'t know "hello". Send "help" to see what I can do.',
    );
  });

  it("lists every registered command in help, in the community's name", () => {
    const text = helpText({ name: "Carers Together" }, COMMANDS);
    expect(text).toContain("Carers Together");
    expect(text).toContain("ping");
  });
});
