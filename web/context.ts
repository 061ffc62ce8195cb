import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { Sodium } from "../bot/crypto/sodium.ts";
import type { Logger } from "../bot/logger.ts";
import type { CommunityProfile } from "../bot/onboarding/community.ts";
import type { MemberCipher } from "../bot/onboarding/member-cipher.ts";
import type { Member } from "../bot/onboarding/members-store.ts";
import type { OpenIdUserInfo } from "../bot/onboarding/openid-userinfo.ts";
import type { MatchFlowSettings } from "../bot/match-flow/settings.ts";
import type { PeerRoomSettings } from "../bot/peer-rooms/settings.ts";
import type { RecognitionSettings } from "../bot/recognition/settings.ts";
import type { MemberCache } from "./member-cache.ts";
import type { Messages } from "./messages/en.ts";

/** What the web app is built from; bin/start.ts supplies it. */
export interface WebOptions {
  readonly db: Kysely<Database>;
  readonly community: CommunityProfile;
  readonly botUserId: string;
  /** Where members reach these pages; its origin is the only one forms are accepted from. */
  readonly publicUrl: string;
  readonly sodium: Sodium;
  readonly masterKey: Uint8Array;
  readonly openId: OpenIdUserInfo;
  /** Tells the outbox processor a DM is waiting (sign-in codes, welcome). */
  readonly wakeOutbox: () => void;
  readonly logger: Logger;
  /** Tests and local development: the browser may talk to homeservers over plain HTTP. */
  readonly allowHttpHomeservers: boolean;
  readonly messages?: Messages;
  readonly now?: () => Date;
  /** Matrix IDs who may see the operator pages once signed in (config `operators`). */
  readonly operators?: readonly string[];
  /** What the "My matches" and operator pages need from matching; absent, they say it is not set up. */
  readonly matching?: WebMatching;
  /** Signs attestations at once when a member consents (otherwise the progression duty does, shortly after). */
  readonly recognition?: RecognitionSettings;
}

export interface WebMatching {
  readonly flow: MatchFlowSettings;
  /** Seals a peer room's purpose when both accept and the room opens. */
  readonly peerRooms: Pick<PeerRoomSettings, "seal">;
}

/** Resolved once in createWebApp and shared by every route. */
export interface WebDeps {
  readonly db: Kysely<Database>;
  readonly community: CommunityProfile;
  readonly botUserId: string;
  readonly cipher: MemberCipher;
  readonly openId: OpenIdUserInfo;
  readonly wakeOutbox: () => void;
  readonly logger: Logger;
  readonly t: Messages;
  readonly now: () => Date;
  readonly secureCookies: boolean;
  readonly cookieKey: Uint8Array;
  /** Session, consent and profile look-ups of signed-in pages; routes that write about a member forget it. */
  readonly members: MemberCache;
  readonly operators: ReadonlySet<string>;
  readonly matching: WebMatching | undefined;
  readonly recognition?: RecognitionSettings;
}

declare module "hono" {
  interface ContextVariableMap {
    /** The signed-in member, if any (set by web/session.ts). */
    member: Member | undefined;
    sessionToken: string | undefined;
  }
}
