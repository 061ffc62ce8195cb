import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { open, seal } from "../../bot/crypto/secret-box.ts";
import type { Sodium } from "../../bot/crypto/sodium.ts";
import type { Logger } from "../../bot/logger.ts";
import { err, ok, type Result } from "../../bot/result.ts";
import { pruneFinishedTransactions, snapshotDatabases } from "./idb-snapshot.ts";

export type StoreFileFailure = "missing" | "unreadable";

/** The bot's crypto store snapshot on disk, sealed with the crypto-store key, replaced atomically. */
export class SealedStoreFile {
  constructor(
    private readonly path: string,
    private readonly sodium: Sodium,
    private readonly key: Uint8Array,
  ) {}

  read(): Result<Buffer, StoreFileFailure> {
    if (!existsSync(this.path)) return err("missing", `no crypto store at ${this.path}`);
    const opened = open(this.sodium, this.key, readFileSync(this.path, "utf8"));
    if (!opened.ok) return err("unreadable", `crypto store ${this.path}: ${opened.message}`);
    return ok(Buffer.from(opened.value));
  }

  write(snapshot: Buffer): void {
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, seal(this.sodium, this.key, snapshot), { mode: 0o600 });
    // rename is atomic: a crash leaves the old snapshot or the new one, never half of one.
    renameSync(temporary, this.path);
  }
}

/** Snapshots an IndexedDB factory into the sealed file; calls queue up, so two snapshots never interleave. */
export class StoreSnapshots {
  private persisting: Promise<void> = Promise.resolve();

  constructor(
    private readonly factory: IDBFactory,
    private readonly file: SealedStoreFile,
    private readonly logger: Logger,
  ) {}

  persist(): Promise<void> {
    this.persisting = this.persisting.then(async () => {
      try {
        // A few finished transactions are normal (fake-indexeddb drops them a macrotask later); many mean a leak.
        const pruned = pruneFinishedTransactions(this.factory);
        if (pruned > 100)
          this.logger.warn("pruned finished IndexedDB transactions kept in memory", { pruned });
        this.file.write(await snapshotDatabases(this.factory));
      } catch (error) {
        this.logger.error("could not snapshot the bot's E2EE store", { error: String(error) });
      }
    });
    return this.persisting;
  }
}

/** A file that exists only between a clean stop and the next start: its absence on start means a crash. */
export class CleanStopMarker {
  constructor(private readonly path: string) {}

  wasClean(): boolean {
    return existsSync(this.path);
  }

  mark(): void {
    writeFileSync(this.path, new Date().toISOString());
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
