import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { requestDirectMessage } from "../direct-messages.ts";
import { parseUserId, serverNameOf, type UserId } from "../ids.ts";
import { err, ok, type Result } from "../result.ts";
import { spendOpenIdToken } from "./openid-tokens-store.ts";
import type { OpenIdUserInfo, UserInfoFailure } from "./openid-userinfo.ts";
import { findOrCreateMember, type Member } from "./members-store.ts";
import { createSession } from "./sessions-store.ts";
import { eraseSigninCodeMessages } from "./outbox-erasure.ts";
import { issueSigninCode, redeemSigninCode, type CodeFailure } from "./signin-codes-store.ts";

export interface SignedIn {
  readonly member: Member;
  /** Goes into the signed session cookie. */
  readonly sessionToken: string;
}

export interface OpenIdClaim {
  readonly userId: UserId;
  readonly accessToken: string;
  /** `matrix_server_name` from the token response: the server that issued the token. */
  readonly serverName: string;
}

export type OpenIdFailure =
  | UserInfoFailure
  | "wrong_server" // the claimed ID is not on the server that issued the token
  | "token_reused"
  | "other_user" // the token belongs to someone else
  | "foreign_user"; // the issuing server vouched for a user of another server

/** Checks the token with the issuing server over federation and signs the claimed member in. */
export async function signInWithOpenId(
  deps: { readonly db: Kysely<Database>; readonly openId: OpenIdUserInfo; readonly now: () => Date },
  claim: OpenIdClaim,
): Promise<Result<SignedIn, OpenIdFailure>> {
  if (serverNameOf(claim.userId) !== claim.serverName)
    return err("wrong_server", "the Matrix ID is not on the server that issued the token");
  if (!(await spendOpenIdToken(deps.db, claim.accessToken, deps.now())))
    return err("token_reused", "this token was used before");
  const answer = await deps.openId.userInfo(claim.serverName, claim.accessToken);
  if (!answer.ok) return answer;
  const sub = parseUserId(answer.value);
  if (sub === undefined) return err("bad_answer", "the server answered with something that is not a user ID");
  if (serverNameOf(sub) !== claim.serverName)
    return err("foreign_user", "the server vouched for a user of another server");
  if (sub !== claim.userId) return err("other_user", "the token belongs to another user");
  return ok(await startSession(deps.db, sub, deps.now()));
}

export interface CodeDeps {
  readonly db: Kysely<Database>;
  readonly now: () => Date;
  /** Tells the outbox processor a message is waiting. */
  readonly wakeOutbox: () => void;
}

/** Sends a one-time code to the claimed Matrix ID through the bot's DM. */
export async function requestSignInCode(
  deps: CodeDeps,
  userId: UserId,
  message: (code: string) => string,
): Promise<void> {
  const now = deps.now();
  const previous = await deps.db
    .selectFrom("signin_codes")
    .select("id")
    .where("user_id", "=", userId)
    .execute();
  const { id, code } = await issueSigninCode(deps.db, userId, now);
  await eraseSigninCodeMessages(
    deps.db,
    previous.map((row) => row.id),
  );
  await requestDirectMessage(
    deps.db,
    { to: userId, body: message(code), idempotencyKey: `signin-code:${id}` },
    now,
  );
  deps.wakeOutbox();
}

export async function signInWithCode(
  deps: CodeDeps,
  userId: UserId,
  code: string,
): Promise<Result<SignedIn, CodeFailure>> {
  const now = deps.now();
  const redeemed = await redeemSigninCode(deps.db, userId, code, now);
  if (!redeemed.ok) return redeemed;
  await eraseSigninCodeMessages(deps.db, [redeemed.value]);
  return ok(await startSession(deps.db, userId, now));
}

async function startSession(db: Kysely<Database>, userId: UserId, now: Date): Promise<SignedIn> {
  const member = await findOrCreateMember(db, userId, now);
  return { member, sessionToken: await createSession(db, member.id, now) };
}
