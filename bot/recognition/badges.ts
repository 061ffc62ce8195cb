import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Member } from "../onboarding/members-store.ts";
import { publishConsentOf } from "./consent-store.ts";
import { evidenceOf } from "./evidence.ts";
import { ROLE_WORDS } from "./messages.ts";
import { offersOf, type AttestationOffer } from "./offers-store.ts";
import { heldRoles } from "./roles-store.ts";
import { thankYouCount } from "./thanks-store.ts";
import { ROLE_RANK, type RecognisedRole } from "./thresholds.ts";

export interface RoleBadge {
  readonly role: RecognisedRole;
  /** null: this community recognised it (evidence or a moderator); else the attesting community, verified. */
  readonly issuer: string | null;
}

/** What a member sees of their recognition: badges, milestones, thank-yous (a count, never a ranking). */
export interface Recognition {
  readonly badges: readonly RoleBadge[];
  readonly pairingsCompleted: number;
  readonly circlesHeld: number;
  readonly trainingCourses: readonly string[];
  readonly thankYous: number;
  /** Whether the member lets the community publish attestations; undefined: not asked yet. */
  readonly publishing: boolean | undefined;
  readonly offers: readonly AttestationOffer[];
}

export async function badgesOf(db: Kysely<Database>, member: Member): Promise<Recognition> {
  const evidence = await evidenceOf(db, member.id);
  return {
    ...(await roleBadgesOf(db, member)),
    pairingsCompleted: evidence.pairingsCompleted,
    circlesHeld: evidence.circlesHeld,
    trainingCourses: evidence.trainingCourses,
    publishing: await publishConsentOf(db, member.id),
    offers: await offersOf(db, member.id, "offered"),
  };
}

/** Just the badges and the thank-you count (the profile page's one line). */
export async function roleBadgesOf(
  db: Kysely<Database>,
  member: Member,
): Promise<Pick<Recognition, "badges" | "thankYous">> {
  const badges = new Map<string, RoleBadge>();
  for (const held of await heldRoles(db, member.id)) {
    const issuer = held.source === "attestation" ? held.issuer : null;
    badges.set(`${held.role}|${issuer ?? ""}`, { role: held.role, issuer });
  }
  return {
    badges: [...badges.values()].sort(
      (a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || (a.issuer ?? "").localeCompare(b.issuer ?? ""),
    ),
    thankYous: await thankYouCount(db, member.id),
  };
}

/** The same, in a DM. */
export function describeBadges(recognition: Recognition): string {
  const lines = ["Your recognition:"];
  if (recognition.badges.length === 0) lines.push("• no role yet — everyone starts here, and that's fine");
  for (const badge of recognition.badges)
    lines.push(
      `• ${ROLE_WORDS[badge.role]}${badge.issuer === null ? "" : ` — verified, recognised by ${badge.issuer}`}`,
    );
  lines.push(
    `• ${recognition.pairingsCompleted} completed conversation${recognition.pairingsCompleted === 1 ? "" : "s"}, ${recognition.circlesHeld} circle${recognition.circlesHeld === 1 ? "" : "s"}`,
  );
  for (const course of recognition.trainingCourses) lines.push(`• training: ${course}`);
  lines.push(`• ${recognition.thankYous} thank-you${recognition.thankYous === 1 ? "" : "s"}`);
  for (const offer of recognition.offers)
    lines.push(`• offered: ${ROLE_WORDS[offer.role]}, recognised by ${offer.issuer} ("recognition accept")`);
  lines.push(
    recognition.publishing === true
      ? 'Published for other communities to verify ("recognition off" withdraws it).'
      : 'Not published ("recognition on" lets other communities verify your roles).',
  );
  return lines.join("\n");
}
