import type { Migration, MigrationProvider } from "kysely";
import type { DialectKind } from "../dialect.ts";
import { foundation } from "./0001-foundation.ts";
import { e2eePeerRooms } from "./0002-e2ee-peer-rooms.ts";
import { onboarding } from "./0003-onboarding.ts";
import { attestations } from "./0005-attestations.ts";
import { matching } from "./0006-matching.ts";
import { checkIns } from "./0007-check-ins.ts";
import { goals } from "./0008-goals.ts";
import { recognition } from "./0009-recognition.ts";
import { scheduleQueue } from "./0010-schedule-queue.ts";
import { circleInvitations } from "./0011-circle-invitations.ts";

/** Every migration, in order, from a static list (no directory scanning: bundlers and tsx agree on it). */
export function migrationProvider(dialect: DialectKind): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001-foundation": foundation(dialect),
    "0002-e2ee-peer-rooms": e2eePeerRooms(dialect),
    "0003-onboarding": onboarding(dialect),
    "0005-attestations": attestations(dialect),
    "0006-matching": matching(dialect),
    "0007-check-ins": checkIns(dialect),
    "0008-goals": goals(dialect),
    "0009-recognition": recognition(dialect),
    "0010-schedule-queue": scheduleQueue(dialect),
    "0011-circle-invitations": circleInvitations(dialect),
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
