import fc from "fast-check";
import { parse } from "hono/utils/cookie";
import { describe, expect, it } from "vitest";
import { cookieValue } from "../../web/signed-cookie.ts";

const NAME = "kindred_session";

describe("reading a cookie from the Cookie header", () => {
  it.each([
    ["among others", "a=1; kindred_session=abc.def; b=2", "abc.def"],
    ["first in the header", "kindred_session=abc.def; b=2", "abc.def"],
    ["without a space after the semicolon", "a=1;kindred_session=abc.def", "abc.def"],
    ["with spaces around it", "a=1;  kindred_session = abc.def ; b=2", "abc.def"],
    ["after a cookie whose name ends with it", "xkindred_session=evil; kindred_session=good", "good"],
    ["after a cookie whose name starts with it", "kindred_session_old=evil; kindred_session=good", "good"],
    ["after a value that holds it", "a=kindred_session=evil; kindred_session=good", "good"],
    ["twice (the first counts)", "kindred_session=one; kindred_session=two", "one"],
    ["empty", "kindred_session=; b=2", ""],
  ])("finds it %s", (_case, header, expected) => {
    expect(cookieValue(header, NAME)).toBe(expected);
  });

  it.each([
    ["absent", "a=1; b=2"],
    ["only inside another cookie", "xkindred_session=1; a=kindred_session"],
    ["without a value", "kindred_session; a=1"],
  ])("finds nothing when it is %s", (_case, header) => {
    expect(cookieValue(header, NAME)).toBeUndefined();
  });

  it("agrees with hono's parser on the headers browsers send", () => {
    const name = fc.constantFrom(NAME, "kindred_csrf", "x", "kindred_sessionx", "xkindred_session");
    const value = fc.stringMatching(/^[A-Za-z0-9_.-]{0,12}$/);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, value), { maxLength: 5 }),
        fc.constantFrom("; ", ";"),
        (pairs, sep) => {
          const header = pairs.map(([n, v]) => `${n}=${v}`).join(sep);
          expect(cookieValue(header, NAME)).toBe(parse(header, NAME)[NAME]);
        },
      ),
    );
  });
});
