import { pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";

export const serverBlockKind = pgEnum("server_block_kind", ["domain", "actor"]);

/**
 * Servers (a domain and its subdomains) and remote actors this network will have nothing to
 * do with: their activities are refused at the inbox, their follows and stored posts are
 * removed, and nothing is delivered to them. The reason is for coordinators only.
 */
export const serverBlocks = pgTable(
  "server_blocks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: serverBlockKind("kind").notNull(),
    /** A lower-case host (`example.org`, or `host:port`) for a domain; the actor's IRI for an actor. */
    target: text("target").notNull(),
    reason: text("reason"),
    createdById: uuid("created_by_id").references(() => members.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("server_blocks_kind_target_key").on(t.kind, t.target)],
);
