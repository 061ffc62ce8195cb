import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, compareCodePoints } from "../../bot/attestations/canonical-json.ts";

function canonical(value: unknown): string {
  const result = canonicalJson(value);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe("canonical JSON (Matrix spec appendix)", () => {
  // The spec's own examples, input → expected text.
  it.each([
    [{}, "{}"],
    [{ one: 1, two: "Two" }, '{"one":1,"two":"Two"}'],
    [{ b: "2", a: "1" }, '{"a":"1","b":"2"}'],
    [
      {
        auth: {
          success: true,
          mxid: "@john.doe:example.com",
          profile: {
            display_name: "John Doe",
            three_pids: [
              { medium: "email", address: "john.doe@example.org" },
              { medium: "msisdn", address: "123456789" },
            ],
          },
        },
      },
      '{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}',
    ],
    [{ a: "日本語" }, '{"a":"日本語"}'],
    [{ 本: 2, 日: 1 }, '{"日":1,"本":2}'],
    [{ a: "\u65E5" }, '{"a":"日"}'],
    [{ a: null }, '{"a":null}'],
    [{ a: -0, b: 1e10 }, '{"a":0,"b":10000000000}'],
  ])("%j → %s", (input, expected) => {
    expect(canonical(input)).toBe(expected);
  });

  it("sorts non-ASCII keys by code point, not by UTF-16 unit", () => {
    // U+FB01 (ﬁ) < U+1D11E (𝄞) by code point; as UTF-16, 𝄞 starts with 0xD834 and would sort first.
    expect(canonical({ "\u{1D11E}": 1, "\uFB01": 2, z: 3, é: 4 })).toBe('{"z":3,"é":4,"ﬁ":2,"𝄞":1}');
    expect(["\u{1D11E}", "\uFB01"].sort()).toEqual(["\u{1D11E}", "\uFB01"]); // what a naive sort does
  });

  it("orders any two strings as their code points do", () => {
    const byCodePoints = (a: string, b: string): number => {
      const [x, y] = [[...a].map((c) => c.codePointAt(0) ?? 0), [...b].map((c) => c.codePointAt(0) ?? 0)];
      for (let i = 0; i < Math.min(x.length, y.length); i++)
        if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
      return x.length - y.length;
    };
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byCodePoints(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it("escapes only what JSON must, with the shortest escapes", () => {
    expect(canonical({ a: '"\\\n\t\u0000\u001f\u007f\u2028' })).toBe(
      '{"a":"\\"\\\\\\n\\t\\u0000\\u001f\u007f\u2028"}',
    );
  });

  it("refuses floats with a clear error naming where", () => {
    expect(canonicalJson({ claims: { peer_feedback_percent: 97.5 } })).toEqual({
      ok: false,
      error: "float",
      message:
        "not canonical JSON at claims.peer_feedback_percent: 97.5 is not an integer (floats are not allowed)",
    });
    expect(canonicalJson([1, Number.NaN])).toMatchObject({ ok: false, error: "float" });
    expect(canonicalJson({ a: Infinity })).toMatchObject({ ok: false, error: "float" });
  });

  it("accepts integers up to ±(2^53−1) and refuses larger ones", () => {
    expect(canonical({ max: 2 ** 53 - 1, min: -(2 ** 53 - 1) })).toBe(
      '{"max":9007199254740991,"min":-9007199254740991}',
    );
    expect(canonicalJson({ a: [2 ** 53] })).toMatchObject({
      ok: false,
      error: "integer_out_of_range",
      message: expect.stringContaining("at a[0]") as unknown,
    });
  });

  it("refuses values JSON cannot carry exactly", () => {
    expect(canonicalJson({ a: undefined })).toMatchObject({ ok: false, error: "unsupported_value" });
    expect(canonicalJson({ a: 1n })).toMatchObject({ ok: false, error: "unsupported_value" });
    expect(canonicalJson({ a: new Date(0) })).toMatchObject({ ok: false, error: "unsupported_value" });
    expect(canonicalJson({ a: "\uD800" })).toMatchObject({ ok: false, error: "unpaired_surrogate" });
    expect(canonicalJson({ "\uDC00": 1 })).toMatchObject({ ok: false, error: "unpaired_surrogate" });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(canonicalJson(deep)).toMatchObject({ ok: false, error: "too_deep" });
  });

  it("round-trips through JSON.parse for any JSON value without floats", () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constant(null),
        fc.boolean(),
        fc.maxSafeInteger(),
        fc.string({ unit: "grapheme" }),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: "grapheme" }), tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const text = canonical(value);
        expect(canonical(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });
});
