/**
 * Fixed-window counters in memory (one Kindred process serves the web). Enough to stop guessing and to keep
 * the bot from being used to spam a Matrix ID with codes.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  /** Counts one attempt for `key`; false once the key has used up its window. */
  allow(key: string): boolean {
    const at = this.now().getTime();
    if (this.windows.size > 10_000) this.prune(at);
    const window = this.windows.get(key);
    if (window === undefined || at - window.start >= this.windowMs) {
      this.windows.set(key, { start: at, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= this.limit;
  }

  private prune(at: number): void {
    for (const [key, window] of this.windows)
      if (at - window.start >= this.windowMs) this.windows.delete(key);
  }
}
