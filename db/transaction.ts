import { AsyncLocalStorage } from "node:async_hooks";
import type { Database } from "./database.ts";

interface OpenTransaction {
  db: Database;
  tx: Database;
}

const currentTransaction = new AsyncLocalStorage<OpenTransaction>();

/**
 * Runs `work` in one database transaction. Code that does not receive the transaction
 * explicitly (Fedify enqueuing a delivery through our queue, or reading its key-value
 * store) finds it through {@link executorFor}, so a change and the federation messages it
 * causes commit together or not at all. Nested calls join the outer transaction.
 */
export async function inTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  const open = currentTransaction.getStore();
  if (open !== undefined && open.db === db) return work(open.tx);
  return db.transaction((transaction) => {
    // biome-ignore lint/plugin: drizzle types each driver's transaction apart; Database is the one type both share.
    const tx = transaction as unknown as Database;
    return currentTransaction.run({ db, tx }, () => work(tx));
  });
}

/**
 * The transaction open on `db` in this async context, else `db` itself. Keyed by the
 * database so that two instances in one process (as in the tests) never share one.
 */
export function executorFor(db: Database): Database {
  const open = currentTransaction.getStore();
  return open !== undefined && open.db === db ? open.tx : db;
}
