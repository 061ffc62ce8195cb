import type { OpenIdUserInfo, UserInfoFailure } from "../bot/onboarding/openid-userinfo.ts";
import { err, ok, type Result } from "../bot/result.ts";
import type { GuardOptions } from "./guarded-https.ts";
import { guardedGet } from "./guarded-https.ts";
import { discoverServer } from "./server-discovery.ts";

export interface FederationOpenIdOptions {
  readonly allowPrivateAddresses: boolean;
  readonly acceptInvalidCertificates: boolean;
  readonly timeoutMs?: number;
}

/** Checks OpenID tokens with the issuing server's federation API (`/_matrix/federation/v1/openid/userinfo`). */
export class FederationOpenIdUserInfo implements OpenIdUserInfo {
  private readonly guard: GuardOptions;

  constructor(options: FederationOpenIdOptions) {
    this.guard = {
      allowPrivateAddresses: options.allowPrivateAddresses,
      acceptInvalidCertificates: options.acceptInvalidCertificates,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBytes: 64 * 1024,
    };
  }

  async userInfo(serverName: string, accessToken: string): Promise<Result<string, UserInfoFailure>> {
    const found = await discoverServer(serverName, this.guard);
    if (!found.ok)
      return found.error === "refused_address"
        ? err("refused_address", found.message)
        : err("unreachable", found.message);
    const url = new URL("/_matrix/federation/v1/openid/userinfo", found.value.url);
    url.searchParams.set("access_token", accessToken);
    const answer = await guardedGet(url, found.value.hostHeader, this.guard);
    if (!answer.ok) {
      if (answer.error === "too_large") return err("bad_answer", answer.message);
      return err(answer.error, answer.message);
    }
    const { status, body } = answer.value;
    if (status === 401 || status === 403)
      return err("invalid_token", `the server does not know this token (${status})`);
    if (status >= 500 || status === 429) return err("unreachable", `the server answered ${status}`);
    if (status !== 200) return err("bad_answer", `the server answered ${status}`);
    try {
      const content: unknown = JSON.parse(body);
      const sub =
        typeof content === "object" && content !== null
          ? (content as Record<string, unknown>)["sub"]
          : undefined;
      return typeof sub === "string" ? ok(sub) : err("bad_answer", "no `sub` in the answer");
    } catch {
      return err("bad_answer", "the answer is not JSON");
    }
  }
}
