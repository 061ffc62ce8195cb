import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RoomId, UserId } from "../../../bot/ids.ts";
import { setMemberState } from "../../../bot/peer-rooms/store.ts";
import { goalBot, type GoalBot } from "../../support/goal-bot.ts";

const ANN = "@ann:community.test" as UserId;
const BEN = "@ben:partner.test" as UserId;

describe("goal commands", () => {
  let b: GoalBot;
  let annDm: RoomId;
  beforeEach(async () => {
    b = await goalBot();
    annDm = await b.directRoom(ANN);
  });
  afterEach(() => b.close());

  it("adds, lists, steps, finishes and removes personal goals, with stable numbers", async () => {
    expect(await b.say(ANN, annDm, "goal list")).toContain("You have no personal goals yet");
    expect(await b.say(ANN, annDm, "goal add Walk to the park by friday")).toContain(
      "Goal 1 added: Walk to the park. I'll send you a gentle reminder by DM the day before Friday 4 Dec 2026.",
    );
    expect(await b.say(ANN, annDm, "goal add Call my sister")).toContain("Goal 2 added: Call my sister.");
    expect(await b.say(ANN, annDm, "goal add Sleep before midnight!")).toContain(
      "Goal 3 added: Sleep before midnight!\n",
    );
    expect(await b.say(ANN, annDm, "goal step 1 put my shoes by the door")).toBe(
      "Step 1.1 added: put my shoes by the door",
    );
    expect(await b.say(ANN, annDm, "goal step 1 go round the block")).toBe(
      "Step 1.2 added: go round the block",
    );
    expect(await b.say(ANN, annDm, "goal step done 1.1")).toContain("Step 1.1 done.");
    expect(await b.say(ANN, annDm, "goal step done 1.1")).toBe("Step 1.1 was already done.");
    expect(await b.say(ANN, annDm, "goal done 2")).toContain("Well done! Goal 2 is done.");
    expect(await b.say(ANN, annDm, "goal done 2")).toBe("Goal 2 was already done.");
    expect(await b.say(ANN, annDm, "goal remove 3")).toBe("Goal 3 and its steps are deleted.");
    expect(await b.say(ANN, annDm, "goals")).toBe(
      [
        "Your goals:",
        "1. Walk to the park (by Friday 4 Dec 2026)",
        "   1.1 ✓ put my shoes by the door",
        "   1.2 ☐ go round the block",
        "2. ✓ Call my sister",
      ].join("\n"),
    );
    expect(await b.say(ANN, annDm, "goal undo 2")).toBe("Goal 2 is open again.");
    expect(await b.say(ANN, annDm, "goal add One more")).toContain("Goal 3 added"); // 1 and 2 keep theirs
  });

  it("answers every mistake clearly and changes nothing", async () => {
    await b.say(ANN, annDm, "goal add Walk");
    const before = await b.say(ANN, annDm, "goal list");
    for (const [message, answer] of [
      ["goal done 7", 'You have no goal 7 here. Send "goal list" to see the numbers.'],
      ["goal remove 7", "You have no goal 7 here."],
      ["goal step 7 x", "You have no goal 7 here."],
      ["goal step done 1.4", "Goal 1 has no step 1.4."],
      ["goal step done 7.1", "You have no goal 7 here."],
      ["goal add Walk by 2026-02-30", 'I couldn\'t read "2026-02-30" as a date.'],
      ["goal add Walk by 2020-01-01", "has already passed"],
      ["goal done", "Which goal?"],
      ["goal sing", 'I don\'t know "goal sing"'],
      ["smart hello", "There is no SMART goal in progress here."],
    ])
      expect(await b.say(ANN, annDm, message ?? ""), message).toContain(answer);
    expect(await b.say(ANN, annDm, "goal list")).toBe(before);
  });

  it("refuses more than 30 open goals in one place", async () => {
    for (let i = 1; i <= 30; i += 1) await b.say(ANN, annDm, `goal add goal ${i}`);
    expect(await b.say(ANN, annDm, "goal add one too many")).toContain(
      "You have 30 open goals here already.",
    );
  });

  it("shares goals in a peer room with the peers there, each under its owner, and keeps personal ones personal", async () => {
    const room = await b.peerRoom([ANN, BEN]);
    await b.say(ANN, annDm, "goal add A private goal");
    expect(await b.say(ANN, room, "!kindred goal add Walk every day by 2026-12-20")).toContain(
      "@ann:community.test's goal 1 added: Walk every day.",
    );
    expect(await b.say(BEN, room, "!kindred goal add Cook once a week")).toContain(
      "@ben:partner.test's goal 1 added",
    );
    await b.say(BEN, room, "!kindred goal step 1 buy a cookbook");
    expect(await b.say(BEN, room, "goal list")).toBe(""); // no prefix outside a DM: not addressed to the bot
    const list = await b.say(BEN, room, "!kindred goal list");
    expect(list).toBe(
      [
        "Goals in this room:",
        "@ann:community.test:",
        "  1. Walk every day (by Sunday 20 Dec 2026)",
        "@ben:partner.test:",
        "  1. Cook once a week",
        "     1.1 ☐ buy a cookbook",
        'Numbers are per person: "!kindred goal done N" marks your own goal N.',
      ].join("\n"),
    );
    expect(list).not.toContain("private");
    expect(await b.say(BEN, room, "!kindred goal help")).toContain('Here, start each with "!kindred"');
    // Ben marks his own goal 1, not Ann's.
    await b.say(BEN, room, "!kindred goal done 1");
    expect(await b.say(ANN, room, "!kindred goal list")).toContain("  1. Walk every day");
    expect(await b.say(ANN, annDm, "goal list")).toContain(
      'You also have 1 open goal shared in peer rooms; "!kindred goal list" there shows them.',
    );
  });

  it("takes a peer's goals out of the room's list when they leave", async () => {
    const room = await b.peerRoom([ANN, BEN]);
    await b.say(ANN, room, "!kindred goal add Walk every day");
    await b.say(BEN, room, "!kindred goal add Cook once a week");
    const [peerRoom] = await b.database.db.selectFrom("peer_rooms").select("id").execute();
    await setMemberState(b.database.db, peerRoom?.id ?? "", BEN, "left", b.clock.now);
    const list = await b.say(ANN, room, "!kindred goal list");
    expect(list).toContain("Walk every day");
    expect(list).not.toContain("Cook");
  });

  it("keeps goals out of rooms that are neither a DM nor a peer room", async () => {
    expect(await b.say(ANN, "!elsewhere:community.test" as RoomId, "!kindred goal add x")).toContain(
      "Goals live in your DM with me",
    );
  });

  it("walks a member through a SMART goal, question by question", async () => {
    expect(await b.say(ANN, annDm, "goal smart")).toContain("1/5 Specific");
    expect(await b.say(ANN, annDm, "smart skip")).toContain("can't be skipped");
    expect(await b.say(ANN, annDm, "smart Walk to the park and back")).toContain("2/5 Measurable");
    expect(await b.say(ANN, annDm, "goal smart")).toContain("Let's carry on with your SMART goal.\n2/5");
    expect(await b.say(ANN, annDm, "smart three times a week")).toContain("3/5 Achievable");
    expect(await b.say(ANN, annDm, "smart skip")).toContain("4/5 Relevant");
    expect(await b.say(ANN, annDm, "smart I sleep better after")).toContain("5/5 Time-bound");
    expect(await b.say(ANN, annDm, "smart whenever")).toContain('I couldn\'t read "whenever" as a date.');
    expect(await b.say(ANN, annDm, "smart in 2 weeks")).toContain("Goal 1 added: Walk to the park and back.");
    expect(await b.say(ANN, annDm, "goal list")).toBe(
      [
        "Your goals:",
        "1. Walk to the park and back (by Tuesday 15 Dec 2026)",
        "   how I'll know: three times a week",
        "   why it matters: I sleep better after",
      ].join("\n"),
    );
    expect(await b.say(ANN, annDm, "smart more")).toContain("There is no SMART goal in progress");
    await b.say(ANN, annDm, "goal smart");
    expect(await b.say(ANN, annDm, "smart cancel")).toContain("Nothing was saved.");
  });

  it("seals goal and step texts at rest", async () => {
    await b.say(ANN, annDm, "goal add UNIQUE-GOAL-TEXT-91");
    await b.say(ANN, annDm, "goal step 1 UNIQUE-STEP-TEXT-92");
    await b.say(ANN, annDm, "goal smart");
    await b.say(ANN, annDm, "smart UNIQUE-DRAFT-TEXT-93");
    const db = b.database.db;
    const raw = JSON.stringify([
      await db.selectFrom("goals").selectAll().execute(),
      await db.selectFrom("goal_steps").selectAll().execute(),
      await db.selectFrom("goal_drafts").selectAll().execute(),
    ]);
    for (const text of ["UNIQUE-GOAL-TEXT-91", "UNIQUE-STEP-TEXT-92", "UNIQUE-DRAFT-TEXT-93"])
      expect(raw).not.toContain(text);
  });
});
