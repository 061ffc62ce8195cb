import { err, ok, type Result } from "../result.ts";

/**
 * Canonical JSON as the Matrix spec defines it (appendices, "Canonical JSON"): no insignificant whitespace,
 * object keys sorted by Unicode code point, UTF-8 text, integers only in ±(2^53−1). Floats are refused, not
 * rounded, so that every implementation signs exactly the same bytes.
 */
export type CanonicalJsonFailure =
  "float" | "integer_out_of_range" | "unpaired_surrogate" | "unsupported_value" | "too_deep";

const MAX_DEPTH = 64;

class Refusal extends Error {
  constructor(
    readonly code: CanonicalJsonFailure,
    readonly detail: string,
    readonly path: readonly (string | number)[],
  ) {
    super(detail);
  }
}

/** `omitKeys` leaves those keys of the top-level object out (signing leaves out `signatures` and `unsigned`). */
export function canonicalJson(
  value: unknown,
  omitKeys: readonly string[] = [],
): Result<string, CanonicalJsonFailure> {
  const path: (string | number)[] = [];
  try {
    const topLevelObject = typeof value === "object" && value !== null && !Array.isArray(value);
    return ok(
      topLevelObject && omitKeys.length > 0 ? writeObject(value, path, omitKeys) : write(value, path),
    );
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const at = error.path.length === 0 ? "" : ` at ${formatPath(error.path)}`;
    return err(error.code, `not canonical JSON${at}: ${error.detail}`);
  }
}

function write(value: unknown, path: (string | number)[]): string {
  switch (typeof value) {
    case "string":
      return writeString(value, path);
    case "number":
      return writeNumber(value, path);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (path.length >= MAX_DEPTH) throw new Refusal("too_deep", `nested deeper than ${MAX_DEPTH}`, path);
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value, path);
    default:
      throw new Refusal("unsupported_value", `${typeof value} has no JSON form`, path);
  }
}

function writeNumber(value: number, path: readonly (string | number)[]): string {
  if (!Number.isInteger(value))
    throw new Refusal("float", `${value} is not an integer (floats are not allowed)`, path);
  if (!Number.isSafeInteger(value))
    throw new Refusal("integer_out_of_range", `${value} is outside ±(2^53−1)`, path);
  return String(value); // String(-0) is "0", as the spec's example wants.
}

// In `u` mode a well-formed surrogate pair is one code point, so this matches only unpaired halves.
const UNPAIRED_SURROGATE = /\p{Cs}/u;

function writeString(value: string, path: readonly (string | number)[]): string {
  // JSON.stringify escapes exactly what the spec escapes (", \, control characters) and nothing else.
  if (UNPAIRED_SURROGATE.test(value))
    throw new Refusal("unpaired_surrogate", "string has no UTF-8 form (unpaired surrogate)", path);
  return JSON.stringify(value);
}

function writeArray(values: readonly unknown[], path: (string | number)[]): string {
  let out = "[";
  for (let i = 0; i < values.length; i++) {
    path.push(i);
    out += (i === 0 ? "" : ",") + write(values[i], path);
    path.pop();
  }
  return `${out}]`;
}

function writeObject(object: object, path: (string | number)[], omitKeys?: readonly string[]): string {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null)
    throw new Refusal("unsupported_value", "only plain objects have a JSON form", path);
  const record = object as Record<string, unknown>;
  const own = Object.keys(record);
  const keys = sortByCodePoint(omitKeys === undefined ? own : own.filter((key) => !omitKeys.includes(key)));
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    path.push(key);
    out += `${i === 0 ? "" : ","}${writeString(key, path)}:${write(record[key], path)}`;
    path.pop();
  }
  return `${out}}`;
}

// Code units at or above U+D800 are where UTF-16 order and code-point order can disagree.
const HIGH_UNITS = /[\uD800-\uFFFF]/;

/** Sorts by code point. JavaScript's default sort compares UTF-16 units, which puts 𝄞 (U+1D11E) before U+FB01. */
export function sortByCodePoint(keys: string[]): string[] {
  if (!keys.some((key) => HIGH_UNITS.test(key))) return keys.sort();
  return keys.sort(compareCodePoints);
}

export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (U+D800–DFFF, which start code points ≥ U+10000) above U+E000–FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`))
    .join("")
    .replace(/^\./, "");
}
