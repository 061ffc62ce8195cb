import { parseArgs } from "node:util";
import { parseUserId } from "../bot/ids.ts";
import { grantRole, heldRoles, revokeRole } from "../bot/recognition/roles-store.ts";
import { parseOptions, processIo, usage, type CommandIo } from "./attestation-commands.ts";
import { withMember } from "./member-command.ts";

const ROLES = ["peer_supporter", "mentor"] as const;

/**
 * `kindred role grant @user ROLE [--capacity N] | revoke @user ROLE | list @user`: a moderator's own decision
 * (source `moderator`), beside the roles evidence and attestations give. Exit 0 done, 1 refused, 2 usage.
 */
export async function roleCommand(args: string[], io: CommandIo = processIo): Promise<number> {
  const parsed = parseOptions(io, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { config: { type: "string", short: "c" }, capacity: { type: "string" } },
    }),
  );
  if (parsed === undefined) return 2;
  const [action, user, roleWord] = parsed.positionals;
  const userId = parseUserId(user ?? "");
  const role = ROLES.find((r) => r === roleWord);
  const capacity = parsed.values.capacity === undefined ? undefined : Number(parsed.values.capacity);
  if (
    userId === undefined ||
    (action !== "list" && (role === undefined || (action !== "grant" && action !== "revoke")))
  )
    return usage(io, "role needs grant|revoke @user:server peer_supporter|mentor, or list @user:server");
  if (capacity !== undefined && (!Number.isInteger(capacity) || capacity < 1 || capacity > 20))
    return usage(io, "--capacity needs a whole number of mentees from 1 to 20");
  return withMember(parsed.values.config, io, userId, async (db, member) => {
    const now = new Date();
    if (action === "grant" && role !== undefined) {
      await grantRole(
        db,
        { memberId: member.id, role, source: "moderator", ...(capacity === undefined ? {} : { capacity }) },
        now,
      );
      io.out(
        `Granted: ${userId} is a ${role} (moderator). With their consent, the attestation follows within a minute.`,
      );
    } else if (action === "revoke" && role !== undefined) {
      await revokeRole(db, member.id, role, "moderator", now);
      io.out(`Revoked the moderator-granted ${role} of ${userId}; roles from evidence or attestations stay.`);
    }
    const held = await heldRoles(db, member.id);
    if (held.length === 0) io.out(`${userId} holds no role.`);
    for (const r of held)
      io.out(
        `${r.role}  (${r.source}${r.issuer === null ? "" : ` by ${r.issuer}`}, since ${r.grantedAt.toISOString()})`,
      );
    return 0;
  });
}
