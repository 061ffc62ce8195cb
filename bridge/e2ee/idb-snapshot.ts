import { deserialize, serialize } from "node:v8";

/** One IndexedDB database, copied whole: schema and records. v8 serialisation keeps typed arrays intact. */
interface DatabaseCopy {
  readonly name: string;
  readonly version: number;
  readonly stores: readonly StoreCopy[];
}

interface StoreCopy {
  readonly name: string;
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexes: readonly {
    name: string;
    keyPath: string | string[];
    unique: boolean;
    multiEntry: boolean;
  }[];
  readonly keys: IDBValidKey[];
  readonly values: unknown[];
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return request(factory.open(name));
}

/** Copies every database of `factory` in one readonly transaction each, so each copy is consistent. */
export async function snapshotDatabases(factory: IDBFactory): Promise<Buffer> {
  const copies: DatabaseCopy[] = [];
  for (const info of await factory.databases()) {
    if (info.name === undefined) continue;
    const db = await openExisting(factory, info.name);
    try {
      const names = [...db.objectStoreNames];
      const stores: StoreCopy[] = [];
      if (names.length > 0) {
        const tx = db.transaction(names, "readonly");
        for (const name of names) {
          const store = tx.objectStore(name);
          const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
          const indexes = [...store.indexNames].map((indexName) => {
            const index = store.index(indexName);
            return {
              name: indexName,
              keyPath: index.keyPath,
              unique: index.unique,
              multiEntry: index.multiEntry,
            };
          });
          stores.push({
            name,
            keyPath: store.keyPath,
            autoIncrement: store.autoIncrement,
            indexes,
            keys,
            values,
          });
        }
      }
      copies.push({ name: info.name, version: db.version, stores });
    } finally {
      db.close();
    }
  }
  return serialize(copies);
}

/** Recreates the databases of a snapshot in an empty factory. */
export async function restoreDatabases(factory: IDBFactory, snapshot: Buffer): Promise<void> {
  const copies = deserialize(snapshot) as DatabaseCopy[];
  for (const copy of copies) {
    const open = factory.open(copy.name, copy.version);
    open.onupgradeneeded = () => {
      for (const store of copy.stores) {
        const created = open.result.createObjectStore(store.name, {
          keyPath: store.keyPath,
          autoIncrement: store.autoIncrement,
        });
        for (const index of store.indexes) {
          created.createIndex(index.name, index.keyPath, {
            unique: index.unique,
            multiEntry: index.multiEntry,
          });
        }
      }
    };
    const db = await request(open);
    try {
      if (copy.stores.length === 0) continue;
      const tx = db.transaction(
        copy.stores.map((s) => s.name),
        "readwrite",
      );
      for (const store of copy.stores) {
        const target = tx.objectStore(store.name);
        // Out-of-line keys must be given back; in-line keys live inside the values.
        store.values.forEach((value, i) =>
          store.keyPath === null ? target.put(value, store.keys[i]) : target.put(value),
        );
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error("restoring IndexedDB failed"));
      });
    } finally {
      db.close();
    }
  }
}

/**
 * fake-indexeddb once kept every finished transaction (memory grew without bound; fixed upstream in 6.x by removing
 * them in a macrotask). Kindred pins a fixed version and still checks: this prunes any finished ones left behind and
 * returns how many it removed, for the log.
 */
export function pruneFinishedTransactions(factory: IDBFactory): number {
  const databases = (
    factory as unknown as { _databases?: Map<string, { transactions?: { _state?: string }[] }> }
  )._databases;
  let pruned = 0;
  for (const database of databases?.values() ?? []) {
    const transactions = database.transactions;
    if (transactions === undefined) continue;
    const kept = transactions.filter((tx) => tx._state !== "finished");
    pruned += transactions.length - kept.length;
    transactions.splice(0, transactions.length, ...kept);
  }
  return pruned;
}
