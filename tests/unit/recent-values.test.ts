import { describe, expect, it } from "vitest";
import { RecentValues } from "../../web/recent-values.ts";

/** A cache on a hand-driven clock, and a loader that counts its calls. */
function setup(ttlMs = 1000, max = 3) {
  const clock = { now: 0 };
  const cache = new RecentValues<string, string | undefined>(ttlMs, max, () => clock.now);
  const loads: string[] = [];
  const load = (key: string) => {
    loads.push(key);
    return Promise.resolve(`${key}@${clock.now}`);
  };
  return { clock, cache, loads, get: (key: string) => cache.get(key, () => load(key)) };
}

describe("recently loaded values", () => {
  it("loads a key once, then answers from memory until its time is up", async () => {
    const { clock, get, loads } = setup();
    expect(await get("a")).toBe("a@0");
    clock.now = 999;
    expect(await get("a")).toBe("a@0");
    clock.now = 1000;
    expect(await get("a")).toBe("a@1000");
    expect(loads).toEqual(["a", "a"]);
  });

  it("answers what it remembers at once, and only a load with a promise", async () => {
    const { get } = setup();
    const first = get("a");
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe("a@0");
    expect(get("a")).toBe("a@0");
  });

  it("remembers that a value is undefined", async () => {
    const { cache } = setup();
    let loads = 0;
    const load = () => {
      loads += 1;
      return Promise.resolve(undefined);
    };
    expect(await cache.get("gone", load)).toBeUndefined();
    expect(cache.peek("gone")).toBeDefined();
    expect(cache.peek("gone")?.value).toBeUndefined();
    expect(await cache.get("gone", load)).toBeUndefined();
    expect(loads).toBe(1);
  });

  it("keeps at most `max` values, dropping the least recently loaded first", async () => {
    const { cache, get } = setup(1000, 8);
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    for (const key of keys) {
      await get(key);
      const kept = keys.filter((k) => cache.peek(k) !== undefined);
      expect(kept.length).toBeLessThanOrEqual(8);
      expect(kept).toEqual(keys.slice(keys.indexOf(key) + 1 - kept.length, keys.indexOf(key) + 1));
    }
    expect(keys.filter((k) => cache.peek(k) !== undefined).length).toBeGreaterThanOrEqual(7);
  });

  it("forgets what it is told to, and reloads it next time", async () => {
    const { cache, get, loads } = setup();
    await get("a");
    await get("b");
    cache.forget((key) => key === "a");
    expect(cache.peek("a")).toBeUndefined();
    expect(cache.peek("b")).toBeDefined();
    await get("a");
    expect(loads).toEqual(["a", "b", "a"]);
  });

  it("does not keep a value read before a write that made it stale", async () => {
    const { cache } = setup();
    let finish: (value: string) => void = () => undefined;
    const reading = cache.get("a", () => new Promise<string>((resolve) => (finish = resolve)));
    cache.forget((key) => key === "a"); // the write lands while the read is under way
    finish("old");
    expect(await reading).toBe("old");
    expect(cache.peek("a")).toBeUndefined();
  });

  it("drops expired values even when nothing new is loaded", async () => {
    const { clock, cache, get } = setup();
    await get("a");
    clock.now = 5000;
    expect(cache.peek("b")).toBeUndefined();
    clock.now = 0; // a value once dropped stays dropped
    expect(cache.peek("a")).toBeUndefined();
  });
});
