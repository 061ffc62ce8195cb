/** The one stylesheet: calm, readable, large touch targets, visible focus, AA contrast, no framework. */
export const STYLE = `
:root { --ink: #1f2933; --muted: #4a5563; --bg: #fbfaf7; --card: #ffffff; --accent: #1d5e6e; --accent-ink: #ffffff;
  --line: #d5d9de; --warn-bg: #fff4e5; --warn: #7a3e00; --ok-bg: #e9f6ee; --ok: #1d5b35; --focus: #b3541e; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.55;
  color: var(--ink); background: var(--bg); }
.skip { position: absolute; left: -999px; top: 0; background: var(--accent); color: var(--accent-ink); padding: .5rem 1rem; }
.skip:focus { left: 0; z-index: 10; }
header { background: var(--card); border-bottom: 1px solid var(--line); }
nav { max-width: 46rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem;
  align-items: center; justify-content: space-between; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; align-items: center; }
.brand { font-weight: 700; text-decoration: none; color: var(--accent); font-size: 1.1rem; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
main:focus { outline: none; }
footer { max-width: 46rem; margin: 0 auto; padding: 1rem; color: var(--muted); border-top: 1px solid var(--line); font-size: .95rem; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; }
a { color: var(--accent); text-underline-offset: .15em; }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
section.card > h2:first-child { margin-top: 0; }
section.card, fieldset { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin: 1rem 0; }
fieldset fieldset { border: none; padding: 0; margin: .75rem 0 0; background: none; }
legend { font-weight: 600; padding: 0 .25rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
label.choice { display: flex; gap: .5rem; align-items: flex-start; font-weight: 400; margin: .35rem 0; }
label.choice input { margin-top: .35rem; width: 1.15rem; height: 1.15rem; flex: none; }
.choices { display: flex; flex-wrap: wrap; gap: 0 1.25rem; }
.hint { color: var(--muted); font-size: .95rem; margin: 0 0 .25rem; font-weight: 400; }
input[type=text], input[type=password], input[type=number], input[type=url], input[type=search], textarea {
  width: 100%; font: inherit; padding: .6rem .7rem; border: 1px solid #8a939c; border-radius: .35rem; background: #fff; color: var(--ink); }
textarea { min-height: 6rem; }
button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .7rem 1.2rem; border-radius: .4rem; border: 2px solid var(--accent);
  background: var(--accent); color: var(--accent-ink); cursor: pointer; text-decoration: none; min-height: 2.75rem; margin-top: 1rem; }
button.secondary, .button.secondary { background: transparent; color: var(--accent); }
button.danger { background: #9b1c1c; border-color: #9b1c1c; }
button.link { background: none; border: none; color: var(--accent); padding: 0; margin: 0; min-height: 0; text-decoration: underline; font-weight: 400; }
form.inline { display: inline; }
.notice { border-radius: .4rem; padding: .75rem 1rem; margin: 1rem 0; }
.error { background: var(--warn-bg); color: var(--warn); border: 1px solid #e0b27a; }
.success { background: var(--ok-bg); color: var(--ok); border: 1px solid #9fd0b0; }
.crisis { border-left: 6px solid #9b1c1c; }
.stage { margin-left: 1.75rem; }
.sso-providers { display: flex; flex-direction: column; align-items: flex-start; }
[hidden] { display: none !important; }
h3 { font-size: 1.1rem; margin: 0 0 .5rem; }
article.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin: 1rem 0; }
form.actions { display: flex; flex-wrap: wrap; gap: 0 .75rem; }
details { margin-top: 1rem; } summary { cursor: pointer; font-weight: 600; color: var(--accent); min-height: 2.75rem; padding: .5rem 0; }
table { border-collapse: collapse; width: 100%; } caption { text-align: left; font-weight: 600; padding: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .5rem .6rem; border-bottom: 1px solid var(--line); }
.table-scroll { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 0 .5rem; }
ul.plain { list-style: none; margin: 0; padding: 0; } code { font-size: .9rem; word-break: break-all; }
.mood-chart { display: block; width: 100%; height: auto; max-width: 30rem; }
table.data { border-collapse: collapse; margin: .5rem 0; }
table.data th, table.data td { text-align: left; padding: .3rem .9rem .3rem 0; border-bottom: 1px solid var(--line); }
ul.goals { padding-left: 1.25rem; } ul.goals ul { padding-left: 1.25rem; color: var(--muted); }
.tag { color: var(--muted); font-size: .95rem; }
@media (max-width: 30rem) { h1 { font-size: 1.55rem; } button, .button { width: 100%; } }
`;
