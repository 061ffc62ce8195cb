import type { Kysely } from "kysely";
import type { UserId } from "../bot/ids.ts";
import { findMemberByUserId, type Member } from "../bot/onboarding/members-store.ts";
import type { Database } from "../schema/index.ts";
import { withContext, type CommandIo } from "./attestation-commands.ts";

/** Runs a command about one member of this community; someone who is not a member is refused (exit 1). */
export function withMember(
  configPath: string | undefined,
  io: CommandIo,
  userId: UserId,
  run: (db: Kysely<Database>, member: Member) => Promise<number>,
): Promise<number> {
  return withContext(configPath, io, async ({ wiring }) => {
    const member = await findMemberByUserId(wiring.issuing.db, userId);
    if (member !== undefined) return run(wiring.issuing.db, member);
    io.err(`kindred: ${userId} is not a member of this community yet (they sign in on the web first)`);
    return 1;
  });
}
