import type { Reason } from "./reasons.ts";

/** How the community words its experiences and strengths; matching only knows their keys. */
export interface Wording {
  /** e.g. { now: "caring for a parent with dementia", past: "cared for a parent with dementia" } */
  experience(id: string): { readonly now: string; readonly past: string } | undefined;
  /** e.g. "practical-advice" → "practical advice" */
  strength(tag: string): string | undefined;
}

/** The message catalogue: every sentence a member can read about why they were matched. */
export const REASON_MESSAGES = {
  bothPast: "you have both {past}",
  bothNow: "you are both {now}",
  theyHaveBeenThrough: "they have {past} and know what you are going through",
  youHaveBeenThrough: "they are {now}, which you have been through",
  sharedExperience: "you share a lived experience",
  theyCanHelp: "they can help with {strengths}",
  youCanHelp: "you can help them with {strengths}",
  hours: "{hours} hours a week overlap",
  oneHour: "1 hour a week overlap",
  channels: "you both prefer {channels}",
  moreExperiences: "you share {count} more experiences",
  oneMoreExperience: "you share 1 more experience",
} as const;

const fill = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? "");

/** "a", "a or b", "a, b or c" */
function list(words: readonly string[], last: "or" | "and"): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} ${last} ${words[words.length - 1] ?? ""}`;
}

function experienceText(
  reason: Extract<Reason, { kind: "experience" }>,
  viewer: 0 | 1,
  wording: Wording,
): string {
  const phrases = wording.experience(reason.experience);
  if (phrases === undefined) return REASON_MESSAGES.sharedExperience;
  const mine = reason.stages[viewer];
  const theirs = reason.stages[viewer === 0 ? 1 : 0];
  const template =
    mine === theirs
      ? mine === "past"
        ? REASON_MESSAGES.bothPast
        : REASON_MESSAGES.bothNow
      : theirs === "past"
        ? REASON_MESSAGES.theyHaveBeenThrough
        : REASON_MESSAGES.youHaveBeenThrough;
  return fill(template, phrases);
}

function reasonText(reason: Reason, viewer: 0 | 1, wording: Wording): string {
  switch (reason.kind) {
    case "experience":
      return experienceText(reason, viewer, wording);
    case "helps": {
      const strengths = list(
        reason.strengths.map((tag) => wording.strength(tag) ?? tag.replaceAll("-", " ")),
        "and",
      );
      const template = reason.helper === viewer ? REASON_MESSAGES.youCanHelp : REASON_MESSAGES.theyCanHelp;
      return fill(template, { strengths });
    }
    case "hours":
      return reason.hours === 1
        ? REASON_MESSAGES.oneHour
        : fill(REASON_MESSAGES.hours, { hours: String(reason.hours) });
    case "channels":
      return fill(REASON_MESSAGES.channels, { channels: list(reason.channels, "or") });
    case "more-experiences":
      return reason.count === 1
        ? REASON_MESSAGES.oneMoreExperience
        : fill(REASON_MESSAGES.moreExperiences, { count: String(reason.count) });
  }
}

/** The reasons as one sentence for the pair's member `viewer` (0 or 1). */
export function reasonsText(reasons: readonly Reason[], viewer: 0 | 1, wording: Wording): string {
  const text = reasons.map((reason) => reasonText(reason, viewer, wording)).join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
