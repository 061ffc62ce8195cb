import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import {
  pruneFinishedTransactions,
  restoreDatabases,
  snapshotDatabases,
} from "../../bridge/e2ee/idb-snapshot.ts";

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("request failed"));
  });
}

async function seed(factory: IDBFactory): Promise<void> {
  const open = factory.open("crypto", 3);
  open.onupgradeneeded = () => {
    const inline = open.result.createObjectStore("sessions", { keyPath: "id" });
    inline.createIndex("by_room", "room", { unique: false });
    open.result.createObjectStore("blobs"); // out-of-line keys
  };
  const db = await done(open);
  const tx = db.transaction(["sessions", "blobs"], "readwrite");
  tx.objectStore("sessions").put({ id: "s1", room: "!a", key: new Uint8Array([1, 2, 3]) });
  tx.objectStore("sessions").put({ id: "s2", room: "!b", key: new Uint8Array([4]) });
  tx.objectStore("blobs").put(new Uint8Array([9, 9]), ["pickle", 1]);
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

describe("snapshots of the bot's IndexedDB crypto store", () => {
  it("restore schema, indexes, in-line and out-of-line keys and typed arrays exactly", async () => {
    const original = new IDBFactory();
    await seed(original);
    const copy = new IDBFactory();
    await restoreDatabases(copy, await snapshotDatabases(original));

    const db = await done(copy.open("crypto"));
    expect(db.version).toBe(3);
    const tx = db.transaction(["sessions", "blobs"], "readonly");
    const byRoom = await done(tx.objectStore("sessions").index("by_room").get("!b"));
    expect(byRoom).toEqual({ id: "s2", room: "!b", key: new Uint8Array([4]) });
    expect((byRoom as { key: unknown }).key).toBeInstanceOf(Uint8Array);
    expect(await done(tx.objectStore("blobs").get(["pickle", 1]))).toEqual(new Uint8Array([9, 9]));
    db.close();
  });

  it("do not let finished transactions pile up in memory", async () => {
    const factory = new IDBFactory();
    await seed(factory);
    const db = await done(factory.open("crypto"));
    for (let i = 0; i < 2_000; i++) {
      const tx = db.transaction("sessions", "readwrite");
      tx.objectStore("sessions").put({ id: `n${i}`, room: "!c", key: new Uint8Array([i % 256]) });
      await new Promise((resolve) => (tx.oncomplete = resolve));
    }
    db.close();
    await new Promise((resolve) => setTimeout(resolve, 0)); // fake-indexeddb drops finished ones a macrotask later
    const internals = (factory as unknown as { _databases: Map<string, { transactions: unknown[] }> })
      ._databases;
    expect(internals.get("crypto")?.transactions.length ?? 0).toBeLessThan(5);
    expect(pruneFinishedTransactions(factory)).toBeLessThan(5);
  });
});
