import { boolean, date, index, integer, pgEnum, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mastodonIdColumn } from "./mastodon-ids.ts";

export const memberRole = pgEnum("member_role", ["member", "coordinator", "admin"]);
export const memberStatus = pgEnum("member_status", ["pending", "active", "suspended"]);
/**
 * Volunteering for handovers: a member asks (by offering tasks on "My tasks"), a
 * coordinator approves; only approved volunteers see and take open tasks, because taking
 * one shows them both sides' contacts.
 */
export const volunteerStatus = pgEnum("volunteer_status", ["none", "asked", "approved"]);

export const members = pgTable("members", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** A number for Mastodon apps (db/schema/mastodon-ids.ts). */
  mastodonId: mastodonIdColumn(),
  username: text("username").notNull().unique(),
  displayName: text("display_name"),
  role: memberRole("role").notNull().default("member"),
  /**
   * A coordinator's or admin's term: the role ends on this day (back to member) unless renewed.
   * Admins are reminded a week before (`roleRemindedAt`, once per term). Null: no end.
   */
  roleUntil: date("role_until"),
  roleRemindedAt: timestamp("role_reminded_at", { withTimezone: true }),
  status: memberStatus("status").notNull().default("active"),
  passwordHash: text("password_hash"),
  /** What someone asking to join wrote to the coordinators. */
  joinMessage: text("join_message"),
  /** Volunteering for pickups and deliveries: the weekdays (bit 0 = Monday), a note, and the most tasks at once (0 = not volunteering). */
  availableWeekdays: smallint("available_weekdays").notNull().default(0),
  availabilityNote: text("availability_note"),
  maxTasks: integer("max_tasks").notNull().default(0),
  volunteerStatus: volunteerStatus("volunteer_status").notNull().default("none"),
  /** SHA-256 of the secret in the member's calendar feed URL; null when there is none (or it was revoked). */
  calendarTokenHash: text("calendar_token_hash").unique(),
  /** Private: shown to the member and admins only. Used for notices once verified. */
  email: text("email"),
  emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
  /** Set when the address's server refused it for good; nothing is sent until it changes or is verified again. */
  emailFailingAt: timestamp("email_failing_at", { withTimezone: true }),
  /** The member's language for e-mails and pushes (null: the network's default). */
  language: text("language"),
  /** Keeps the open books (an admin gives it; admins may always). */
  treasurer: boolean("treasurer").notNull().default(false),
  /** A treasurer's term, as `roleUntil`. */
  treasurerUntil: date("treasurer_until"),
  treasurerRemindedAt: timestamp("treasurer_reminded_at", { withTimezone: true }),
  /** Appears, by name, in the members-only thanks stream (opt-in). */
  appearInThanks: boolean("appear_in_thanks").notNull().default(false),
  /** An IANA time zone (e.g. Europe/Madrid), for digests and quiet hours. */
  timeZone: text("time_zone"),
  /** Quiet hours in the member's time zone, minutes after midnight (22:00 = 1320); no push or e-mail then but crises. Both or neither. */
  quietStart: smallint("quiet_start"),
  quietEnd: smallint("quiet_end"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** API tokens; the JWT's `jti` is the row id, so a token can be revoked before it expires. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_member_idx").on(t.memberId)],
);

/** Browser sessions; the cookie holds a random secret, the table only its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_member_idx").on(t.memberId)],
);

export const oneTimeLinkPurpose = pgEnum("one_time_link_purpose", ["invite", "set_password"]);

/**
 * Single-use links: an invitation to join (with the role it grants) or a link to set a
 * password. The link carries a signed, expiring token whose id is this row; using it
 * stamps `used_at`, so it works once.
 */
export const oneTimeLinks = pgTable("one_time_links", {
  id: uuid("id").primaryKey().defaultRandom(),
  purpose: oneTimeLinkPurpose("purpose").notNull(),
  memberId: uuid("member_id").references(() => members.id, { onDelete: "cascade" }),
  role: memberRole("role"),
  createdById: uuid("created_by_id").references(() => members.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

/**
 * What coordinators and admins did, for every member to read: vetting, roles, suspensions,
 * invitations, and changes to other people's posts. Holds no contact details.
 */
export const coordinatorLog = pgTable(
  "coordinator_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorId: uuid("actor_id").references(() => members.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    subjectMemberId: uuid("subject_member_id").references(() => members.id, { onDelete: "set null" }),
    postId: uuid("post_id"),
    detail: text("detail"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("coordinator_log_created_idx").on(t.createdAt)],
);
