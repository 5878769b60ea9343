import { boolean, date, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "./members.ts";

/**
 * A working group: members who look after one function of the network (deliveries,
 * communications, fundraising, conflict resolution). Coordinators create them; members join
 * and leave; its convenors (and the coordinators) manage it. Members-only, never federated.
 */
export const workingGroups = pgTable("working_groups", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  purpose: text("purpose").notNull(),
  createdById: uuid("created_by_id").references(() => members.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Who is in a group; a convenor is a member of it who manages it. */
export const workingGroupMembers = pgTable(
  "working_group_members",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => workingGroups.id, { onDelete: "cascade" }),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    convenor: boolean("convenor").notNull().default(false),
    /** A convenor's term: they stop convening on this day unless renewed; its convenors are reminded a week before (once). */
    convenorUntil: date("convenor_until"),
    convenorRemindedAt: timestamp("convenor_reminded_at", { withTimezone: true }),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.memberId] }), index("working_group_members_member_idx").on(t.memberId)],
);

/** Something a group has to do: taken by one of its members, then done. */
export const groupTasks = pgTable(
  "group_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => workingGroups.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    dueOn: date("due_on"),
    createdById: uuid("created_by_id").references(() => members.id, { onDelete: "set null" }),
    takenById: uuid("taken_by_id").references(() => members.id, { onDelete: "set null" }),
    doneAt: timestamp("done_at", { withTimezone: true }),
    doneById: uuid("done_by_id").references(() => members.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("group_tasks_group_idx").on(t.groupId, t.doneAt), index("group_tasks_done_by_idx").on(t.doneById)],
);
