import { parseArgs } from "node:util";
import { parseUserId } from "../bot/ids.ts";
import { findMemberByUserId } from "../bot/onboarding/members-store.ts";
import { COURSE_PATTERN, recordTraining, trainingOf } from "../bot/recognition/training-store.ts";
import { processIo, withContext, type CommandIo } from "./attestation-commands.ts";

/**
 * `kindred training record @user COURSE [--by @moderator]` and `kindred training list @user`: training a moderator
 * saw completed, one piece of the evidence roles are granted from. Exit 0 done, 1 refused, 2 usage or config.
 */
export async function trainingCommand(args: string[], io: CommandIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { config: { type: "string", short: "c" }, by: { type: "string" } },
    });
  } catch (error) {
    io.err(`kindred: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const [action, user, ...words] = parsed.positionals;
  const userId = parseUserId(user ?? "");
  const course = words.join(" ").trim();
  if ((action !== "record" && action !== "list") || userId === undefined)
    return usage(
      io,
      "training needs record @user:server COURSE [--by @moderator:server], or list @user:server",
    );
  if (action === "record" && !COURSE_PATTERN.test(course))
    return usage(
      io,
      "training record needs a course name (letters, digits and simple punctuation, up to 80)",
    );
  const by = parsed.values.by ?? "operator";
  if (by !== "operator" && parseUserId(by) === undefined) return usage(io, "--by needs a Matrix user ID");
  return withContext(parsed.values.config, io, async ({ wiring }) => {
    const { db } = wiring.issuing;
    const member = await findMemberByUserId(db, userId);
    if (member === undefined) {
      io.err(`kindred: ${userId} is not a member of this community yet (they sign in on the web first)`);
      return 1;
    }
    if (action === "record") {
      const added = await recordTraining(db, member.id, course, by, new Date());
      io.out(
        added
          ? `Recorded: ${userId} completed "${course}".`
          : `Already recorded: ${userId} completed "${course}".`,
      );
      return 0;
    }
    const records = await trainingOf(db, member.id);
    if (records.length === 0) io.out(`${userId} has no training recorded.`);
    for (const r of records)
      io.out(`${r.course}  (recorded ${r.recordedAt.toISOString()} by ${r.recordedBy})`);
    return 0;
  });
}

function usage(io: CommandIo, message: string): number {
  io.err(`kindred: ${message}`);
  return 2;
}
