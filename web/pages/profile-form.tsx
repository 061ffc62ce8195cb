import type { Choice } from "../../bot/onboarding/community.ts";
import {
  AGE_BANDS,
  DAYS,
  GENDERS,
  LIMITS,
  MODES,
  ROLES,
  SETTINGS,
  STAGES,
  TIMES_OF_DAY,
} from "../../bot/onboarding/profile.ts";
import type { Messages } from "../messages/en.ts";
import { CSRF_FIELD } from "../csrf.ts";
import { escapeHtml, flattened, template, type Html, type Template } from "../template.ts";
import { choiceLabels, choiceRow, labelled, type ChoiceOption } from "./choices.tsx";
import { UNSAID, type ProfileDraft } from "./profile-draft.ts";

/** What changes from one showing of the form to the next. */
export interface ProfileFormValues {
  readonly draft: ProfileDraft;
  readonly csrf: string;
}

type Fill = (draft: ProfileDraft) => Html;

const FORM_START = `<form method="post" action="/profile"><input type="hidden" name="${CSRF_FIELD}" value="`;

/**
 * The profile form, built once per app from the community's experiences and languages, and filled in with
 * a member's answers once per answers: the fields rendered for a draft are kept as long as that draft
 * object lives (the member cache's opened profile, until a write makes it forget the member), so a view
 * only adds the CSRF token. The largest page, shown on every profile visit.
 */
export function profileForm(
  t: Messages,
  experiences: readonly Choice[],
  languages: readonly Choice[],
  supportTags: readonly Choice[],
): Template<ProfileFormValues> {
  const p = t.profile;
  const text =
    (pick: (draft: ProfileDraft) => string): Fill =>
    (draft) =>
      escapeHtml(pick(draft));
  const row = (
    name: string,
    options: readonly ChoiceOption[],
    checked: (draft: ProfileDraft) => readonly string[],
    type?: "radio",
  ): Fill => {
    const render = choiceRow(name, options, type);
    return (draft) => render(checked(draft));
  };
  const unsaid: ChoiceOption = { id: UNSAID, label: p.preferNotToSay };
  const stageOf = (draft: ProfileDraft, id: string) => draft.experiences.find((e) => e.id === id)?.stage;

  const fields = template<ProfileDraft>((slot) => (
    <>
      <fieldset>
        <legend>{p.experiencesLegend}</legend>
        <p class="hint">{p.experiencesHint}</p>
        {experiences.map((e) => {
          const box = choiceLabels("experience", [e]);
          return (
            <div>
              {slot((draft) => box(draft.experiences.some((x) => x.id === e.id) ? [e.id] : []))}
              <fieldset class="stage">
                <legend class="hint">{p.stageLegend(e.label)}</legend>
                {slot(
                  row(`stage-${e.id}`, labelled(STAGES, p.stages), (d) => [stageOf(d, e.id) ?? ""], "radio"),
                )}
              </fieldset>
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>{p.roleLegend}</legend>
        {slot(row("role", labelled(ROLES, p.roles), (d) => [d.role ?? ""], "radio"))}
      </fieldset>
      <fieldset>
        <legend>{p.strengthTagsLegend}</legend>
        <p class="hint">{p.strengthTagsHint(LIMITS.supportTags)}</p>
        {slot(row("strength_tag", supportTags, (d) => d.strengthTags))}
        <label for="strengths">{p.strengthsLabel}</label>
        <p class="hint" id="strengths-hint">{`${p.strengthsHint} ${p.characters(LIMITS.shortText)}`}</p>
        <textarea
          id="strengths"
          name="strengths"
          maxlength={LIMITS.shortText}
          aria-describedby="strengths-hint"
        >
          {slot(text((d) => d.strengths))}
        </textarea>
      </fieldset>
      <fieldset>
        <legend>{p.needTagsLegend}</legend>
        <p class="hint">{p.needTagsHint(LIMITS.supportTags)}</p>
        {slot(row("need_tag", supportTags, (d) => d.needTags))}
        <label for="support_wanted">{p.supportLabel}</label>
        <p class="hint" id="support-hint">{`${p.supportHint} ${p.characters(LIMITS.shortText)}`}</p>
        <textarea
          id="support_wanted"
          name="support_wanted"
          maxlength={LIMITS.shortText}
          aria-describedby="support-hint"
        >
          {slot(text((d) => d.supportWanted))}
        </textarea>
      </fieldset>
      <fieldset>
        <legend>{p.languagesLegend}</legend>
        {slot(row("language", languages, (d) => d.languages))}
      </fieldset>
      <fieldset>
        <label for="timezone">{p.timezoneLabel}</label>
        <p class="hint" id="timezone-hint">
          {p.timezoneHint}
        </p>
        <input
          type="text"
          id="timezone"
          name="timezone"
          value={slot(text((d) => d.timezone))}
          maxlength={64}
          aria-describedby="timezone-hint"
          spellcheck={false}
        />
      </fieldset>
      <fieldset>
        <legend>{p.availabilityLegend}</legend>
        <fieldset>
          <legend>{p.daysLegend}</legend>
          {slot(row("day", labelled(DAYS, p.days), (d) => d.availability.days))}
        </fieldset>
        <fieldset>
          <legend>{p.timesLegend}</legend>
          {slot(row("time", labelled(TIMES_OF_DAY, p.times), (d) => d.availability.times))}
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{p.modesLegend}</legend>
        {slot(row("mode", labelled(MODES, p.modes), (d) => d.channels.modes))}
        <fieldset>
          <legend>{p.settingsLegend}</legend>
          {slot(row("setting", labelled(SETTINGS, p.settings), (d) => d.channels.settings))}
        </fieldset>
        <label for="capacity">{p.capacityLabel}</label>
        <input
          type="number"
          id="capacity"
          name="capacity"
          min={1}
          max={LIMITS.capacity}
          value={slot(text((d) => String(d.capacity)))}
          required
        />
      </fieldset>
      <fieldset aria-describedby="self-hint">
        <legend>{p.selfLegend}</legend>
        <p class="hint" id="self-hint">
          {p.selfHint}
        </p>
        <fieldset>
          <legend>{p.ownAgeLegend}</legend>
          {slot(
            row(
              "age_band",
              [unsaid, ...AGE_BANDS.map((id) => ({ id, label: id }))],
              (d) => [d.ageBand ?? UNSAID],
              "radio",
            ),
          )}
        </fieldset>
        <fieldset>
          <legend>{p.ownGenderLegend}</legend>
          {slot(
            row("gender", [unsaid, ...labelled(GENDERS, p.ownGenders)], (d) => [d.gender ?? UNSAID], "radio"),
          )}
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{p.filtersLegend}</legend>
        <p class="hint">{p.filtersHint}</p>
        <fieldset>
          <legend>{p.ageLegend}</legend>
          {slot(
            row(
              "filter_age",
              AGE_BANDS.map((id) => ({ id, label: id })),
              (d) => d.filters.ageBands,
            ),
          )}
        </fieldset>
        <fieldset>
          <legend>{p.genderLegend}</legend>
          {slot(row("filter_gender", labelled(GENDERS, p.genders), (d) => d.filters.genders))}
        </fieldset>
        <fieldset>
          <legend>{p.filterStageLegend}</legend>
          {slot(
            row(
              "filter_stage",
              [{ id: "any", label: p.filterStageAny }, ...labelled(STAGES, p.stages)],
              (d) => [d.filters.stage ?? "any"],
              "radio",
            ),
          )}
        </fieldset>
      </fieldset>
      <fieldset>
        <label for="note">{p.noteLabel}</label>
        <p class="hint" id="note-hint">{`${p.noteHint} ${p.characters(LIMITS.note)}`}</p>
        <textarea id="note" name="note" maxlength={LIMITS.note} aria-describedby="note-hint">
          {slot(text((d) => d.note))}
        </textarea>
      </fieldset>
      <button type="submit">{p.button}</button>
    </>
  ));
  const filled = new WeakMap<ProfileDraft, Html>();
  return {
    render({ draft, csrf }) {
      let rest = filled.get(draft);
      if (rest === undefined) filled.set(draft, (rest = flattened(fields.render(draft))));
      return `${FORM_START}${escapeHtml(csrf)}"/>${rest}</form>` as Html;
    },
  };
}
