type Numbers = Int32Array | Float64Array | Float32Array | Uint32Array | Uint8Array;

/** A copy of `old` (in ordinary memory) with room for `size` entries; new entries hold `fill`. */
export function grown<T extends Numbers>(old: T, size: number, fill = 0): T {
  const next = new (old.constructor as new (length: number) => T)(size);
  if (fill !== 0) next.fill(fill);
  next.set(old.subarray(0, Math.min(old.length, size)));
  return next;
}
