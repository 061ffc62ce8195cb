import { describe, expect, it } from "vitest";
import { DEFAULT_EXPERIENCES, DEFAULT_LANGUAGES } from "../../bin/community-defaults.ts";
import { en } from "../../web/messages/en.ts";
import { EMPTY_DRAFT } from "../../web/pages/profile-draft.ts";
import { profileForm } from "../../web/pages/profile-form.tsx";

const TAGS = [{ id: "listening", label: "Listening" }];

describe("the profile form, filled once per draft", () => {
  const form = profileForm(en, DEFAULT_EXPERIENCES, DEFAULT_LANGUAGES, TAGS);
  const draft = { ...EMPTY_DRAFT, note: "<b>mine</b>", strengthTags: ["listening"] };

  it("adds each view's CSRF token (escaped) to the fields it filled for that draft", () => {
    const first = form.render({ draft, csrf: "one" });
    const second = form.render({ draft, csrf: 'two"<' });
    expect(first).toContain('name="_csrf" value="one"/>');
    expect(second).toContain('name="_csrf" value="two&quot;&lt;"/>');
    expect(second.replace('two&quot;&lt;"', 'one"')).toBe(first);
    expect(first).toContain(">&lt;b&gt;mine&lt;/b&gt;</textarea>");
    expect(first).toMatch(/value="listening" checked=""/);
  });

  it("fills a new draft object anew: a changed profile is never shown from an earlier one", () => {
    form.render({ draft, csrf: "t" });
    const changed = form.render({ draft: { ...draft, note: "changed", strengthTags: [] }, csrf: "t" });
    expect(changed).toContain(">changed</textarea>");
    expect(changed).not.toContain("mine");
    expect(changed).not.toMatch(/value="listening" checked=""/);
  });
});
