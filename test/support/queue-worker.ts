// A queue worker process for test/message-queue-workers.test.ts: it claims a batch and never
// finishes a message of it, so the test can kill it with SIGKILL in the middle of the batch.
import { openDatabase } from "../../db/database.ts";
import { DatabaseMessageQueue } from "../../db/message-queue.ts";

const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, dataDir: "unused" });
const queue = new DatabaseMessageQueue(handle, {
  leaseMs: Number(process.env.QUEUE_LEASE_MS),
  concurrency: Number(process.env.QUEUE_CONCURRENCY),
  // What it claims ahead stays claimed until it is killed, as what it handles does.
  giveBackAfterMs: 600_000,
});
await queue.listen(() => new Promise<void>(() => {}));
