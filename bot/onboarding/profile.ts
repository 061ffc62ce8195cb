import { z } from "zod";
import type { CommunityProfile } from "./community.ts";

/** What a member tells the community about themselves; decoded once, at the web boundary or from storage. */
export const ROLES = ["seeking", "offering", "both"] as const;
export const STAGES = ["now", "past"] as const;
export const MODES = ["text", "voice", "video"] as const;
export const SETTINGS = ["one_to_one", "group"] as const;
export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const TIMES_OF_DAY = ["morning", "afternoon", "evening", "night"] as const;
export const AGE_BANDS = ["18-24", "25-34", "35-49", "50-64", "65+"] as const;
export const GENDERS = ["woman", "man", "non_binary"] as const;

export const LIMITS = {
  shortText: 1000,
  note: 2000,
  experiences: 20,
  languages: 10,
  capacity: 10,
  /** Per list (what I can offer, what I'd like): a few tags say more to matching than every tag. */
  supportTags: 5,
} as const;

// Building an Intl.DateTimeFormat costs about a millisecond; the answers are remembered (IANA names: a few hundred).
const knownZones = new Map<string, boolean>();
function isTimezone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 2_000) knownZones.set(zone, known);
  }
  return known;
}

const supportTags = z.array(z.string().min(1).max(64)).max(LIMITS.supportTags).default([]);

export const profileSchema = z.object({
  experiences: z
    .array(z.object({ id: z.string().min(1).max(64), stage: z.enum(STAGES) }))
    .min(1)
    .max(LIMITS.experiences),
  role: z.enum(ROLES),
  strengths: z.string().max(LIMITS.shortText),
  supportWanted: z.string().max(LIMITS.shortText),
  /** From the community's support tags; profiles saved before tags existed read back as []. */
  strengthTags: supportTags,
  needTags: supportTags,
  languages: z.array(z.string().min(2).max(16)).min(1).max(LIMITS.languages),
  timezone: z.string().min(1).max(64).refine(isTimezone, "unknown timezone"),
  availability: z.object({
    days: z.array(z.enum(DAYS)).max(7),
    times: z.array(z.enum(TIMES_OF_DAY)).max(4),
  }),
  channels: z.object({
    modes: z.array(z.enum(MODES)).min(1).max(3),
    settings: z.array(z.enum(SETTINGS)).min(1).max(2),
  }),
  capacity: z.number().int().min(1).max(LIMITS.capacity),
  filters: z.object({
    ageBands: z.array(z.enum(AGE_BANDS)).max(AGE_BANDS.length),
    genders: z.array(z.enum(GENDERS)).max(GENDERS.length),
    stage: z.enum(STAGES).nullable(),
  }),
  /**
   * The member's own age band and gender, read only by other members' filters (never shown to anyone);
   * null = prefer not to say, which no non-empty filter admits. Profiles saved before these existed read as null.
   */
  ageBand: z.enum(AGE_BANDS).nullable().default(null),
  gender: z.enum(GENDERS).nullable().default(null),
  note: z.string().max(LIMITS.note),
});

/** A profile as a member gives it; the tag lists (none) and own age band and gender (not said) may be left out. */
export type Profile = z.input<typeof profileSchema>;
/** A profile as decoded or read back: the tag lists, age band and gender are always there. */
export type OpenedProfile = z.output<typeof profileSchema>;
export type Role = (typeof ROLES)[number];
export type Stage = (typeof STAGES)[number];

/** The parts of the community config a profile is checked against. */
export interface ProfileChoices {
  readonly experienceIds: ReadonlySet<string>;
  readonly languageCodes: ReadonlySet<string>;
  readonly supportTagIds: ReadonlySet<string>;
}

export function profileChoices(community: CommunityProfile): ProfileChoices {
  return {
    experienceIds: new Set(community.experiences.map((e) => e.id)),
    languageCodes: new Set(community.languages.map((l) => l.id)),
    supportTagIds: new Set((community.supportTags ?? []).map((tag) => tag.id)),
  };
}

export type ProfileIssue = { readonly field: string; readonly problem: string };

/** Decodes untrusted input into a Profile, naming the first field that is wrong. */
export function decodeProfile(
  input: unknown,
  choices: ProfileChoices,
): { ok: true; profile: OpenedProfile } | { ok: false; issue: ProfileIssue } {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      issue: { field: String(first?.path[0] ?? "profile"), problem: first?.code ?? "invalid" },
    };
  }
  const profile = parsed.data;
  const ids = profile.experiences.map((e) => e.id);
  if (ids.some((id) => !choices.experienceIds.has(id)) || new Set(ids).size !== ids.length)
    return { ok: false, issue: { field: "experiences", problem: "unknown" } };
  if (profile.languages.some((code) => !choices.languageCodes.has(code)))
    return { ok: false, issue: { field: "languages", problem: "unknown" } };
  for (const field of ["strengthTags", "needTags"] as const) {
    const tags = profile[field];
    if (tags.some((tag) => !choices.supportTagIds.has(tag)) || new Set(tags).size !== tags.length)
      return { ok: false, issue: { field, problem: "unknown" } };
  }
  return { ok: true, profile };
}
