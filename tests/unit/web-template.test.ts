import fc from "fast-check";
import { jsx } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { choiceRow } from "../../web/pages/choices.tsx";
import { escapeHtml, rendered, template } from "../../web/template.ts";

// Test files are plain .ts: elements are built with hono's `jsx()`, as JSX syntax compiles to.
const h = (tag: string, props: Record<string, unknown>, ...children: unknown[]) =>
  jsx(tag, props, ...(children as Parameters<typeof jsx>[2][]));

const OPTIONS = [
  { id: "a", label: "A & a" },
  { id: "b", label: "B & b" },
];

describe("page templates (markup rendered once, slots filled per request)", () => {
  it("escapes text exactly as hono/jsx does, in text and in attribute values", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(escapeHtml(text)).toBe(String(h("p", {}, text)).slice(3, -4));
        expect(`<input value="${escapeHtml(text)}"/>`).toBe(String(h("input", { value: text })));
      }),
    );
  });

  it("fills each slot in place, giving the markup hono/jsx gives for the same values", () => {
    const values = { name: `Ann "<b>" & co`, note: "<script>alert(1)</script>", picked: ["b"] };
    const row = choiceRow("pick", OPTIONS);
    const page = template<typeof values>((slot) =>
      h(
        "form",
        {},
        h("input", { type: "text", name: "name", value: slot((v) => escapeHtml(v.name)) }),
        h(
          "textarea",
          { name: "note" },
          slot((v) => escapeHtml(v.note)),
        ),
        slot((v) => row(v.picked)),
      ),
    );
    const choice = (o: (typeof OPTIONS)[number], checked: boolean) =>
      h(
        "label",
        { class: "choice" },
        h("input", { type: "checkbox", name: "pick", value: o.id, checked }),
        h("span", {}, o.label),
      );
    const direct = h(
      "form",
      {},
      h("input", { type: "text", name: "name", value: values.name }),
      h("textarea", { name: "note" }, values.note),
      h("div", { class: "choices" }, ...OPTIONS.map((o) => choice(o, values.picked.includes(o.id)))),
    );
    expect(page.render(values)).toBe(String(direct));
    expect(page.render(values)).not.toContain("<script>");
    expect(page.render({ ...values, picked: [] })).not.toContain("checked");
  });

  it("checks radios by value", () => {
    expect(choiceRow("stage", OPTIONS, "radio")(["a"])).toBe(
      '<div class="choices"><label class="choice"><input type="radio" name="stage" value="a" checked=""/>' +
        '<span>A &amp; a</span></label><label class="choice"><input type="radio" name="stage" value="b"/>' +
        "<span>B &amp; b</span></label></div>",
    );
  });

  it("refuses a slot its markup leaves out or places twice", () => {
    expect(() =>
      template<null>((slot) => {
        slot(() => escapeHtml("x"));
        return h("p", {});
      }),
    ).toThrow(/once/);
    expect(() =>
      template<null>((slot) => {
        const twice = slot(() => escapeHtml("x"));
        return h("p", {}, twice, twice);
      }),
    ).toThrow(/once/);
  });

  it("refuses parts that do not render synchronously", () => {
    const later = () => Promise.resolve(h("b", {}, "later"));
    expect(() => rendered(jsx(later, {}))).toThrow(/synchronously/);
  });
});
