import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
 * What several queued messages share, stored once: a post's deliveries to 600 inboxes carry
 * the same activity and the same keys, which made up nine tenths of each row.
 */
export const fedifyMessageParts = pgTable("fedify_message_parts", {
  id: uuid("id").primaryKey(),
  part: jsonb("part").notNull(),
});

/**
 * Fedify's message queue: outgoing deliveries, fan-outs and received activities.
 * A worker claims a row by setting `locked_until` (a lease) and deletes it once handled,
 * so a worker that dies mid-task leaves the row to be claimed again when its lease ends.
 * A message is `message`, with the properties of its shared part (if any) added.
 */
export const fedifyMessages = pgTable(
  "fedify_messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    message: jsonb("message").notNull(),
    sharedPartId: uuid("shared_part_id").references(() => fedifyMessageParts.id),
    orderingKey: text("ordering_key"),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("fedify_messages_run_at_idx").on(t.runAt, t.id),
    index("fedify_messages_ordering_key_idx").on(t.orderingKey, t.id),
    index("fedify_messages_shared_part_idx").on(t.sharedPartId),
  ],
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
