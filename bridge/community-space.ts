import type { MatrixClient } from "@vector-im/matrix-bot-sdk";
import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { Logger } from "../bot/logger.ts";
import { readSetting, writeSetting } from "../bot/stores/settings.ts";
import { attempt } from "./matrix-errors.ts";
import { spaceCreation } from "./room-templates.ts";

const SPACE_SETTING = "community_space_id";

/** The community's space, created on first start; every room the bot creates is kept inside it. */
export async function ensureCommunitySpace(
  client: MatrixClient,
  db: Kysely<Database>,
  community: { name: string; purpose: string },
  logger: Logger,
): Promise<string> {
  const known = await readSetting(db, SPACE_SETTING);
  if (known !== undefined) return known;
  const created = await attempt(
    () => client.createRoom(spaceCreation(community.name, community.purpose)) as Promise<string>,
  );
  if (!created.ok) throw new Error(`could not create the community space: ${created.message}`);
  await writeSetting(db, SPACE_SETTING, created.value);
  logger.info("created the community space", { space: created.value });
  return created.value;
}
