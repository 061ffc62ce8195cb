/**
 * Matrix writes keys and signatures as unpadded standard base64. Kindred writes exactly that, and reads others'
 * leniently (padding or not, non-zero trailing bits allowed): the spec's own test seed has non-zero trailing
 * bits, which libsodium's strict decoder refuses.
 */
export function encodeUnpaddedBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64").replace(/=+$/, "");
}

const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64 leniently; `undefined` when the text is not base64 or not `length` bytes long. */
export function decodeBase64(text: string, length: number): Uint8Array | undefined {
  // Buffer skips characters outside the alphabet, so check the alphabet first.
  if (!STANDARD_BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  return bytes.length === length ? new Uint8Array(bytes) : undefined;
}
