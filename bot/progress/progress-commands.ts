import type { CommandSpec } from "../commands.ts";
import { requireCipher } from "../goals/goal-commands.ts";
import { findOrCreateMember } from "../onboarding/members-store.ts";
import { loadProgress } from "./progress-data.ts";
import { progressText } from "./progress-summary.ts";
import { setWeeklySummary, weeklySummaryWanted } from "./summary-store.ts";

const PRIVATE_ONLY = "Your progress is private, so I only talk about it in your DM with me.";

export const progressCommand: CommandSpec = {
  words: ["progress"],
  help: ["• progress: your mood over the last weeks and your goals, in short (also on the web: My progress)"],
  async run(context, command) {
    const roomId = context.event.roomId;
    if (!context.inDirectRoom) return [{ kind: "notice", roomId, body: PRIVATE_ONLY }];
    if (command.args !== "")
      return [{ kind: "notice", roomId, body: 'Send "progress" on its own for your summary.' }];
    const member = await findOrCreateMember(context.db, context.event.sender, context.now);
    const data = await loadProgress(context.db, requireCipher(context), member.id, context.now);
    return [{ kind: "notice", roomId, body: progressText({ ...data, now: context.now }), sensitive: true }];
  },
};

const SUMMARY_USAGE =
  'Send "summary weekly on" for a weekly summary on Sunday evenings, or "summary weekly off".';

export const summaryCommand: CommandSpec = {
  words: ["summary"],
  help: ["• summary weekly on|off: a short progress summary by DM every Sunday evening, or none"],
  async run(context, command) {
    const roomId = context.event.roomId;
    if (!context.inDirectRoom) return [{ kind: "notice", roomId, body: PRIVATE_ONLY }];
    const member = await findOrCreateMember(context.db, context.event.sender, context.now);
    const words = command.args.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0 || (words.length === 1 && words[0] === "weekly")) {
      const on = await weeklySummaryWanted(context.db, member.id);
      return [{ kind: "notice", roomId, body: `Weekly summary: ${on ? "on" : "off"}. ${SUMMARY_USAGE}` }];
    }
    const choice = words[0] === "weekly" ? words[1] : undefined;
    if (words.length > 2 || (choice !== "on" && choice !== "off"))
      return [{ kind: "notice", roomId, body: `I didn't understand that. ${SUMMARY_USAGE}` }];
    await setWeeklySummary(context.db, member.id, choice === "on", context.now);
    const body =
      choice === "on"
        ? 'Done: I\'ll send you a short summary every Sunday evening (your timezone). "summary weekly off" stops it.'
        : 'Done: no more weekly summaries. "summary weekly on" starts them again.';
    return [{ kind: "notice", roomId, body }];
  },
};
