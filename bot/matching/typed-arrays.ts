export type Numbers = Int32Array | Float64Array | Float32Array | Uint32Array | Uint8Array;

type Kind<T extends Numbers> = { new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A zeroed array in shared memory. The engine keeps its arrays there so that the matching helper thread
 * (link-helper.ts) reads them where they are, without a copy: copies would cost time, and their external memory
 * would make V8 collect the whole heap mid-run.
 */
export function sharedArray<T extends Numbers>(kind: Kind<T>, length: number): T {
  return new kind(new SharedArrayBuffer(Math.max(1, length) * kind.BYTES_PER_ELEMENT));
}

/** `values` in shared memory (slots handed to the helper thread). */
export function sharedInts(values: readonly number[]): Int32Array {
  const copy = sharedArray(Int32Array, values.length);
  copy.set(values);
  return copy;
}

/** A copy of `old` (in shared memory) with room for `size` entries; new entries hold `fill`. */
export function grown<T extends Numbers>(old: T, size: number, fill = 0): T {
  const next = sharedArray(old.constructor as Kind<T>, size);
  if (fill !== 0) next.fill(fill);
  next.set(old.subarray(0, Math.min(old.length, size)));
  return next;
}
