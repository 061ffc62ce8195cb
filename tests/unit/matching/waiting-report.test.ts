import { describe, expect, it } from "vitest";
import type { MemberId } from "../../../bot/matching/types.ts";
import { waitingReport } from "../../../bot/matching/waiting-report.ts";
import { candidate, NOW } from "./arbitraries.ts";

describe("why a member is still waiting (for operators)", () => {
  it("counts who shares an experience and a language, by the rule that rules each out", () => {
    const waiting = candidate("@w:x", { waitingSince: new Date(NOW.getTime() - 14 * 24 * 3600 * 1000) });
    const members = [
      waiting,
      candidate("@blocked:x"),
      candidate("@paused:x", { status: "paused" }),
      candidate("@morning:x", { weeklyHours: [7, 8] }),
      candidate("@free:x"),
      candidate("@spanish:x", { languages: ["es"] }),
    ];
    const report = waitingReport(
      { members, blocks: [{ by: "@blocked:x" as MemberId, blocked: "@w:x" as MemberId }], pairings: [] },
      "@w:x" as MemberId,
      NOW,
    );
    expect(report).toEqual({
      member: "@w:x",
      waitingWeeks: 2,
      own: null,
      ruledOut: { blocked: 1, "not-active": 1, "no-shared-hours": 1 },
      possible: 1,
    });
  });
});
