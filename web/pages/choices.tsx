import { rendered, template, type Html } from "../template.ts";

export interface ChoiceOption {
  readonly id: string;
  readonly label: string;
}

type ChoiceKind = "checkbox" | "radio";

/** One checkbox (or radio) with its visible label; the input sits inside the label. */
const Choice = (props: { type: ChoiceKind; name: string; option: ChoiceOption; checked: boolean }) => (
  <label class="choice">
    <input type={props.type} name={props.name} value={props.option.id} checked={props.checked} />
    <span>{props.option.label}</span>
  </label>
);

/** The labelled inputs for these options, each rendered checked and not, once; each request picks. */
export function choiceLabels(
  name: string,
  options: readonly ChoiceOption[],
  type: ChoiceKind = "checkbox",
): (checked: readonly string[]) => Html {
  const variants = options.map((option) => ({
    id: option.id,
    on: rendered(<Choice type={type} name={name} option={option} checked={true} />),
    off: rendered(<Choice type={type} name={name} option={option} checked={false} />),
  }));
  return (checked) => {
    let html = "";
    for (const v of variants) html += checked.includes(v.id) ? v.on : v.off;
    return html as Html;
  };
}

/** A row of checkboxes (or radios) with visible labels. */
export function choiceRow(
  name: string,
  options: readonly ChoiceOption[],
  type: ChoiceKind = "checkbox",
): (checked: readonly string[]) => Html {
  const row = template<readonly string[]>((slot) => (
    <div class="choices">{slot(choiceLabels(name, options, type))}</div>
  ));
  return (checked) => row.render(checked);
}

export const labelled = <K extends string>(ids: readonly K[], labels: Record<K, string>) =>
  ids.map((id) => ({ id, label: labels[id] }));
