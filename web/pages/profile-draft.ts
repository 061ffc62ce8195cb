import { field, fields, type FormBody } from "../form.ts";

/** The profile form's values: a stored profile, or what was posted (not yet valid). */
export interface ProfileDraft {
  readonly experiences: readonly { readonly id: string; readonly stage: string | undefined }[];
  readonly role: string | undefined;
  readonly strengths: string;
  readonly supportWanted: string;
  readonly strengthTags: readonly string[];
  readonly needTags: readonly string[];
  readonly languages: readonly string[];
  readonly timezone: string;
  readonly availability: { readonly days: readonly string[]; readonly times: readonly string[] };
  readonly channels: { readonly modes: readonly string[]; readonly settings: readonly string[] };
  readonly capacity: number;
  readonly filters: {
    readonly ageBands: readonly string[];
    readonly genders: readonly string[];
    readonly stage: string | null;
  };
  /** The member's own; null = prefer not to say. */
  readonly ageBand: string | null;
  readonly gender: string | null;
  readonly note: string;
}

/** The radio value of "Prefer not to say", which the draft holds as null. */
export const UNSAID = "unsaid";

export const EMPTY_DRAFT: ProfileDraft = {
  experiences: [],
  role: undefined,
  strengths: "",
  supportWanted: "",
  strengthTags: [],
  needTags: [],
  languages: [],
  timezone: "",
  availability: { days: [], times: [] },
  channels: { modes: ["text"], settings: ["one_to_one"] },
  capacity: 1,
  filters: { ageBands: [], genders: [], stage: null },
  ageBand: null,
  gender: null,
  note: "",
};

const saidOrNull = (value: string | undefined): string | null =>
  value === undefined || value === "" || value === UNSAID ? null : value;

/** The posted form as a draft: repeated fields become lists; nothing is validated yet. */
export function draftFrom(body: FormBody): ProfileDraft {
  const stage = field(body, "filter_stage");
  const capacity = field(body, "capacity");
  return {
    experiences: fields(body, "experience").map((id) => ({ id, stage: field(body, `stage-${id}`) })),
    role: field(body, "role"),
    strengths: field(body, "strengths") ?? "",
    supportWanted: field(body, "support_wanted") ?? "",
    strengthTags: fields(body, "strength_tag"),
    needTags: fields(body, "need_tag"),
    languages: fields(body, "language"),
    timezone: (field(body, "timezone") ?? "").trim(),
    availability: { days: fields(body, "day"), times: fields(body, "time") },
    channels: { modes: fields(body, "mode"), settings: fields(body, "setting") },
    capacity: capacity === undefined || capacity.trim() === "" ? Number.NaN : Number(capacity),
    filters: {
      ageBands: fields(body, "filter_age"),
      genders: fields(body, "filter_gender"),
      stage: stage === undefined || stage === "any" ? null : stage,
    },
    ageBand: saidOrNull(field(body, "age_band")),
    gender: saidOrNull(field(body, "gender")),
    note: field(body, "note") ?? "",
  };
}
