import { describe, expect, it } from "vitest";
import { Matcher } from "../../../bot/matching/matcher.ts";
import { pairFacts } from "../../../bot/matching/pair-facts.ts";
import { reasonsText, type Wording } from "../../../bot/matching/reason-text.ts";
import { reasonsFrom } from "../../../bot/matching/reasons.ts";
import { candidate, NOW } from "./arbitraries.ts";

const wording: Wording = {
  experience: (id) =>
    id === "dementia-carer"
      ? { now: "caring for a parent with dementia", past: "cared for a parent with dementia" }
      : undefined,
  strength: (tag) => (tag === "practical-advice" ? "practical advice" : undefined),
};

const SIX_EVENING_HOURS = [18, 19, 20, 42, 43, 44];

describe("reasons in plain words", () => {
  it("says what two carers share, their hours and their channel, as in the issue", () => {
    const a = candidate("@a:x", {
      experiences: [{ id: "dementia-carer", stage: "past" }],
      weeklyHours: SIX_EVENING_HOURS,
    });
    const b = candidate("@b:x", {
      experiences: [{ id: "dementia-carer", stage: "past" }],
      weeklyHours: [...SIX_EVENING_HOURS, 100],
      channels: ["text", "voice"],
    });
    const text = reasonsText(reasonsFrom(pairFacts(a, b)), 0, wording);
    expect(text).toBe(
      "You have both cared for a parent with dementia; 6 hours a week overlap; you both prefer text",
    );
  });

  it("tells each side of a been-through-it pairing its own sentence", () => {
    const seeker = candidate("@seeker:x", {
      role: "seeking",
      needs: ["practical-advice"],
      weeklyHours: [20],
      channels: ["voice", "video"],
    });
    const supporter = candidate("@supporter:x", {
      role: "offering",
      experiences: [{ id: "dementia-carer", stage: "past" }],
      strengths: ["practical-advice", "listening"],
      weeklyHours: [20, 21],
      channels: ["text", "voice", "video"],
    });
    const reasons = reasonsFrom(pairFacts(seeker, supporter));
    expect(reasonsText(reasons, 0, wording)).toBe(
      "They have cared for a parent with dementia and know what you are going through; they can help with " +
        "practical advice; 1 hour a week overlap; you both prefer voice or video",
    );
    expect(reasonsText(reasons, 1, wording)).toBe(
      "They are caring for a parent with dementia, which you have been through; you can help them with " +
        "practical advice; 1 hour a week overlap; you both prefer voice or video",
    );
  });

  it("words two people in it now, unworded tags and more shared experiences", () => {
    const a = candidate("@a:x", {
      experiences: [
        { id: "dementia-carer", stage: "now" },
        { id: "grief", stage: "now" },
        { id: "loneliness", stage: "now" },
      ],
      needs: ["navigating-services"],
    });
    const b = candidate("@b:x", {
      experiences: [
        { id: "loneliness", stage: "now" },
        { id: "dementia-carer", stage: "now" },
        { id: "grief", stage: "now" },
      ],
      strengths: ["navigating-services"],
    });
    const text = reasonsText(reasonsFrom(pairFacts(a, b)), 0, wording);
    expect(text).toMatch(
      /^You are both caring for a parent with dementia; they can help with navigating services; /,
    );
    expect(text).toMatch(/you share 2 more experiences$/);
  });

  it("falls back to a general sentence for an experience the community has not worded", () => {
    const a = candidate("@a:x", { experiences: [{ id: "rare-disease-parent", stage: "now" }] });
    const b = candidate("@b:x", { experiences: [{ id: "rare-disease-parent", stage: "past" }] });
    expect(reasonsText(reasonsFrom(pairFacts(a, b)), 1, wording)).toMatch(/^You share a lived experience; /);
  });

  it("gives every suggestion of a run its reasons", () => {
    const members = Array.from({ length: 12 }, (_, i) =>
      candidate(`@m${i}:x`, { experiences: [{ id: "dementia-carer", stage: i % 2 === 0 ? "now" : "past" }] }),
    );
    const plan = new Matcher({ members, blocks: [], pairings: [] }, { now: NOW }).plan();
    expect(plan.suggestions).toHaveLength(6);
    for (const suggestion of plan.suggestions) {
      expect(suggestion.reasons[0]?.kind).toBe("experience");
      expect(reasonsText(suggestion.reasons, 0, wording)).toMatch(/hours a week overlap/);
    }
  });
});
