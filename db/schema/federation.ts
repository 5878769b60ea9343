import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Fedify's key-value store (idempotence, caches of remote documents and keys). */
export const fedifyKv = pgTable(
  "fedify_kv",
  {
    key: text("key").array().primaryKey(),
    value: jsonb("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [index("fedify_kv_expires_at_idx").on(t.expiresAt)],
);

/**
 * Fedify's message queue: outgoing deliveries, fan-outs and received activities.
 * A worker claims a row by setting `locked_until` (a lease) and deletes it once handled,
 * so a worker that dies mid-task leaves the row to be claimed again when its lease ends.
 */
export const fedifyMessages = pgTable(
  "fedify_messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    message: jsonb("message").notNull(),
    orderingKey: text("ordering_key"),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("fedify_messages_run_at_idx").on(t.runAt, t.id), index("fedify_messages_ordering_key_idx").on(t.orderingKey, t.id)],
);

/** The key pairs of this instance's actors (the network and the instance actor). */
export const actorKeys = pgTable(
  "actor_keys",
  {
    actor: text("actor").notNull(),
    algorithm: text("algorithm").notNull(),
    privateKey: jsonb("private_key").notNull(),
    publicKey: jsonb("public_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.algorithm] })],
);
