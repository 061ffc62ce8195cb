import { describe, expect, it } from "vitest";
import { deriveKey } from "../../bot/crypto/master-key.ts";
import { openText, sealText } from "../../bot/crypto/secret-box.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";

describe("sealed values at rest", async () => {
  const { sodium, usingWasm } = await loadSodium();
  const master = sodium.randombytes_buf(32);

  it("loads libsodium's WebAssembly build, not the slow asm.js fallback", () => {
    expect(usingWasm).toBe(true);
  });

  it("round-trips text and hides it", () => {
    const key = deriveKey(sodium, master, "member-data");
    const sealed = sealText(sodium, key, "caring for my dad with dementia");
    expect(sealed).not.toContain("dementia");
    expect(openText(sodium, key, sealed)).toEqual({ ok: true, value: "caring for my dad with dementia" });
  });

  it("derives different keys per purpose, so one purpose's key opens nothing else", () => {
    const sealed = sealText(sodium, deriveKey(sodium, master, "member-data"), "secret");
    expect(openText(sodium, deriveKey(sodium, master, "crypto-store"), sealed)).toMatchObject({
      ok: false,
      error: "wrong_key",
    });
  });

  it("refuses tampered or foreign values", () => {
    const key = deriveKey(sodium, master, "member-data");
    const sealed = sealText(sodium, key, "secret");
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(openText(sodium, key, tampered).ok).toBe(false);
    expect(openText(sodium, key, "plain text")).toMatchObject({ ok: false, error: "corrupt" });
  });
});
