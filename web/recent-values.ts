/**
 * A value now or later: what is in memory comes back at once, without a promise and the turns of the event
 * loop awaiting it takes (a page view looks up its session, consents and profile, one after another).
 */
export type Sync<V> = V | Promise<V>;

/** `then` for a value that may already be there. */
export const andThen = <V, W>(value: Sync<V>, next: (value: V) => W): Sync<W> =>
  value instanceof Promise ? value.then(next) : next(value);

/**
 * Values loaded recently, each kept for `ttlMs` (monotonic clock), about `max` of them at most. Entries are
 * in load order, so the oldest (first to expire) are dropped from the front. `forget` also stops loads
 * already under way from storing what they read before the write that made them stale.
 */
export class RecentValues<K, V> {
  readonly #entries = new Map<K, { readonly value: V; readonly until: number }>();
  #epoch = 0;
  #nextSweep = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The value remembered for `key`, wrapped (a remembered value may itself be `undefined`). */
  peek(key: K): { readonly value: V } | undefined {
    const now = this.clock();
    this.#prune(now);
    const hit = this.#entries.get(key);
    return hit !== undefined && hit.until > now ? hit : undefined;
  }

  remember(key: K, value: V): void {
    const now = this.clock();
    this.#entries.delete(key); // set() alone would keep an older entry's place in the order
    this.#entries.set(key, { value, until: now + this.ttlMs });
    this.#prune(now);
  }

  /** The value remembered for `key`, at once, or else loaded and remembered. */
  get(key: K, load: () => Promise<V>): Sync<V> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit.value;
    const epoch = this.#epoch;
    return load().then((value) => {
      if (epoch === this.#epoch) this.remember(key, value);
      return value;
    });
  }

  /** Drops the entries `test` picks; call it after every write that changes what they hold. */
  forget(test: (key: K, value: V) => boolean): void {
    this.#epoch += 1;
    for (const [key, entry] of this.#entries) if (test(key, entry.value)) this.#entries.delete(key);
  }

  /**
   * Drops expired entries and, past `max`, the oldest eighth, at most once per `ttlMs`/8 otherwise: walking
   * a Map from its start also walks over the slots of entries deleted there, so it is not done per call.
   */
  #prune(now: number): void {
    if (this.#entries.size <= this.max && now < this.#nextSweep) return;
    this.#nextSweep = now + this.ttlMs / 8;
    let excess = this.#entries.size > this.max ? this.#entries.size - this.max + Math.ceil(this.max / 8) : 0;
    for (const [key, entry] of this.#entries) {
      if (excess <= 0 && entry.until > now) return;
      this.#entries.delete(key);
      excess -= 1;
    }
  }
}
