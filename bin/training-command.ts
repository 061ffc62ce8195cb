import { parseArgs } from "node:util";
import { parseUserId } from "../bot/ids.ts";
import { COURSE_PATTERN, recordTraining, trainingOf } from "../bot/recognition/training-store.ts";
import { parseOptions, processIo, usage, type CommandIo } from "./attestation-commands.ts";
import { withMember } from "./member-command.ts";

/**
 * `kindred training record @user COURSE [--by @moderator]` and `kindred training list @user`: training a moderator
 * saw completed, one piece of the evidence roles are granted from. Exit 0 done, 1 refused, 2 usage or config.
 */
export async function trainingCommand(args: string[], io: CommandIo = processIo): Promise<number> {
  const parsed = parseOptions(io, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { config: { type: "string", short: "c" }, by: { type: "string" } },
    }),
  );
  if (parsed === undefined) return 2;
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
  return withMember(parsed.values.config, io, userId, async (db, member) => {
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
