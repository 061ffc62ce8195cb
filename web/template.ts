import { escapeToBuffer, raw, type HtmlEscapedString } from "hono/utils/html";

/** HTML that is safe to send as is: escaped text, or markup rendered by hono/jsx. */
export type Html = string & { readonly __brand: "Html" };

/** Escapes text exactly as hono/jsx escapes text and attribute values. */
export function escapeHtml(text: string): Html {
  const buffer: [string] = [""];
  escapeToBuffer(text, buffer);
  return buffer[0] as Html;
}

/** Markup hono/jsx rendered: a JSX element's `toString()` (synchronous: templates use no async components). */
export function rendered(element: unknown): Html {
  const html: unknown = String(element);
  if (typeof html !== "string" || html === "[object Promise]")
    throw new Error("templates render synchronously");
  return html as Html;
}

/** Html as a JSX child or attribute value, inserted without escaping it again. */
export const asJsx = (html: Html): HtmlEscapedString => raw(html);

export type Slot<V> = (fill: (values: V) => Html) => HtmlEscapedString;

export interface Template<V> {
  render(values: V): Html;
}

const MARK = "\u0000";

/**
 * A page part whose markup is mostly the same for every request (a form with its labels, hints and choices):
 * hono/jsx renders it once with a marker in each slot, and each request only joins the fixed strings with the
 * slots' values. A slot's fill function gets the request's values and returns escaped HTML.
 */
export function template<V>(jsx: (slot: Slot<V>) => unknown): Template<V> {
  const fills: ((values: V) => Html)[] = [];
  const html = rendered(jsx((fill) => raw(`${MARK}${fills.push(fill) - 1}${MARK}`)));
  const pieces = html.split(MARK);
  const fixed: string[] = [];
  const order: ((values: V) => Html)[] = [];
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) return void fixed.push(piece);
    const fill = fills[Number(piece)];
    if (fill === undefined) throw new Error("template markup holds a NUL character");
    order.push(fill);
  });
  if (order.length !== fills.length) throw new Error("every template slot must appear once in its markup");
  return {
    render(values) {
      let out = fixed[0] ?? "";
      for (let i = 0; i < order.length; i++) out += (order[i]?.(values) ?? "") + (fixed[i + 1] ?? "");
      return out as Html;
    },
  };
}
