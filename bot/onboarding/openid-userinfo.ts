import type { Result } from "../result.ts";

/**
 * `unreachable`: the server could not be found or did not answer in time; `refused_address`: it resolves to a
 * private or loopback address Kindred may not call; `invalid_token`: the server does not know the token;
 * `bad_answer`: it answered something that is not an OpenID userinfo response.
 */
export type UserInfoFailure = "unreachable" | "refused_address" | "invalid_token" | "bad_answer";

/** Asks a Matrix server, over federation, whom an OpenID token belongs to. `bridge/` implements it. */
export interface OpenIdUserInfo {
  /** Resolves `serverName` by server discovery and returns the token's `sub` (a user ID, unchecked). */
  userInfo(serverName: string, accessToken: string): Promise<Result<string, UserInfoFailure>>;
}
