import { err, ok, type Result } from "../result.ts";
import type { Sodium } from "./sodium.ts";

const VERSION = "v1.";

/** Encrypts bytes with XSalsa20-Poly1305 and a random nonce; the text form is `v1.<base64url(nonce‖ciphertext)>`. */
export function seal(sodium: Sodium, key: Uint8Array, plaintext: Uint8Array | string): string {
  const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
  const box = sodium.crypto_secretbox_easy(plaintext, nonce, key);
  const joined = new Uint8Array(nonce.length + box.length);
  joined.set(nonce);
  joined.set(box, nonce.length);
  return VERSION + sodium.to_base64(joined, sodium.base64_variants.URLSAFE_NO_PADDING);
}

export type OpenFailure = "corrupt" | "wrong_key";

export function open(sodium: Sodium, key: Uint8Array, sealed: string): Result<Uint8Array, OpenFailure> {
  if (!sealed.startsWith(VERSION)) return err("corrupt", "not a Kindred sealed value");
  let joined: Uint8Array;
  try {
    joined = sodium.from_base64(sealed.slice(VERSION.length), sodium.base64_variants.URLSAFE_NO_PADDING);
  } catch {
    return err("corrupt", "sealed value is not base64url");
  }
  const nonceBytes = sodium.crypto_secretbox_NONCEBYTES;
  if (joined.length < nonceBytes + sodium.crypto_secretbox_MACBYTES)
    return err("corrupt", "sealed value too short");
  try {
    return ok(
      sodium.crypto_secretbox_open_easy(joined.subarray(nonceBytes), joined.subarray(0, nonceBytes), key),
    );
  } catch {
    return err("wrong_key", "sealed value does not open with this key (wrong key or tampered data)");
  }
}

export function sealText(sodium: Sodium, key: Uint8Array, text: string): string {
  return seal(sodium, key, text);
}

export function openText(sodium: Sodium, key: Uint8Array, sealed: string): Result<string, OpenFailure> {
  const opened = open(sodium, key, sealed);
  return opened.ok ? ok(new TextDecoder().decode(opened.value)) : opened;
}
