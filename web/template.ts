import { isValidElement } from "hono/jsx";
import {
  escapeToBuffer,
  raw,
  resolveCallbackSync,
  stringBufferToString,
  type HtmlEscapedString,
  type StringBufferWithCallbacks,
} from "hono/utils/html";

/** HTML that is safe to send as is: escaped text, or markup rendered by hono/jsx. */
export type Html = string & { readonly __brand: "Html" };

/** Escapes text exactly as hono/jsx escapes text and attribute values. */
export function escapeHtml(text: string): Html {
  const buffer: [string] = [""];
  escapeToBuffer(text, buffer);
  return buffer[0] as Html;
}

/**
 * The markup of a JSX element, as its `toString()` would give it, rendered straight into hono/jsx's buffer:
 * `toString()` runs every render inside an AsyncLocalStorage (so `useContext` works across `await`, which
 * Kindred's views never need), and on Node 20 the first such run turns promise hooks on for the whole
 * process, for good: every later request then pays for each of its promises (a seventh of a cached page in
 * bench/web.ts). Render views with this (or `rendered`), never with `toString()`, `String()` or `c.html(jsx)`.
 */
export function renderJsx(element: unknown): Html | Promise<Html> {
  if (!isValidElement(element)) throw new Error("not a JSX element");
  const buffer: StringBufferWithCallbacks = Object.assign([""], { callbacks: [] });
  element.toStringToBuffer(buffer);
  const [first, ...pending] = buffer;
  if (typeof first !== "string" || pending.length > 0)
    return stringBufferToString(buffer, buffer.callbacks).then((html) => String(html) as Html); // async parts
  return (buffer.callbacks.length === 0 ? first : resolveCallbackSync(raw(first, buffer.callbacks))) as Html;
}

/** Markup rendered ahead of requests (synchronous: templates use no async parts), flattened. */
export function rendered(element: unknown): Html {
  const html = renderJsx(element);
  if (typeof html !== "string") throw new Error("templates render synchronously");
  return flattened(html);
}

/**
 * Html joined from many pieces, made one flat string: V8 keeps a string built piece by piece as a rope (of
 * hundreds of pieces, for hono/jsx's output) and walks it again whenever it is copied into a page.
 * Converting to a number flattens it once, in place ("flatstr"). For markup kept and reused.
 */
export function flattened(html: Html): Html {
  void Number(html);
  return html;
}

/** Html as a JSX child or attribute value, inserted without escaping it again. */
export const asJsx = (html: Html): HtmlEscapedString => raw(html);

/** Whether a page's content is Html wrapped by `asJsx` (rather than a JSX element still to render). */
export const isPrerendered = (content: unknown): boolean =>
  content instanceof String && "isEscaped" in content && content.isEscaped === true;

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
  const placed = new Set<number>();
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? "";
    if (i % 2 === 0) {
      fixed.push(piece);
      continue;
    }
    const index = Number(piece);
    const fill = fills[index];
    if (fill === undefined) throw new Error("template markup holds a NUL character");
    if (placed.has(index)) throw new Error("every template slot must appear once in its markup");
    placed.add(index);
    order.push(fill);
  }
  if (placed.size !== fills.length) throw new Error("every template slot must appear once in its markup");
  return {
    render(values) {
      let out = fixed[0] ?? "";
      for (let i = 0; i < order.length; i++) out += (order[i]?.(values) ?? "") + (fixed[i + 1] ?? "");
      return out as Html;
    },
  };
}
