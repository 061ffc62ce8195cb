import { deriveKey } from "../crypto/master-key.ts";
import { openText, sealText } from "../crypto/secret-box.ts";
import type { Sodium } from "../crypto/sodium.ts";

/** Seals health-related member data (experiences, notes, filters…) with the member-data subkey. */
export interface MemberCipher {
  seal(text: string): string;
  /** Throws: a stored value that does not open is corruption or a wrong master key, not an expected case. */
  open(sealed: string): string;
}

export function memberCipher(sodium: Sodium, masterKey: Uint8Array): MemberCipher {
  const key = deriveKey(sodium, masterKey, "member-data");
  return {
    seal: (text) => sealText(sodium, key, text),
    open(sealed) {
      const opened = openText(sodium, key, sealed);
      if (!opened.ok) throw new Error(`member data does not open: ${opened.message}`);
      return opened.value;
    },
  };
}
