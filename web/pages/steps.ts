import type { Context, MiddlewareHandler } from "hono";
import type { Member } from "../../bot/onboarding/members-store.ts";
import type { WebDeps } from "../context.ts";

/** Where a signed-in member goes next: consent first (again when a text changed), then the profile. */
export async function nextStep(deps: WebDeps, member: Member): Promise<string> {
  const missing = await deps.members.missingConsents(member);
  return missing.length > 0 ? "/orientation" : "/profile";
}

/** Pages for members only: visitors are sent to sign in. */
export const requireMember: MiddlewareHandler = async (c, next) => {
  if (c.get("member") === undefined) return c.redirect("/sign-in", 303);
  await next();
};

/** Pages that need every current consent: members who lack one are sent to orientation. */
export function requireConsents(deps: WebDeps): MiddlewareHandler {
  return async (c, next) => {
    const member = c.get("member");
    if (member === undefined) return c.redirect("/sign-in", 303);
    const missing = deps.members.missingConsents(member); // awaited only when read from the database
    if ((missing instanceof Promise ? await missing : missing).length > 0)
      return c.redirect("/orientation", 303);
    await next();
  };
}

/** The member on a page behind `requireMember`; its absence there is a bug. */
export function memberOf(c: Context): Member {
  const member = c.get("member");
  if (member === undefined) throw new Error("a members-only page ran without requireMember");
  return member;
}
