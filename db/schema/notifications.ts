import { sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { serviceAreas } from "./instance.ts";
import { mastodonIdColumn } from "./mastodon-ids.ts";
import { members } from "./members.ts";

/**
 * Notices to one member each. A row holds no words, only the kind and the few values
 * its sentence needs (titles the recipient may already see), so it is rendered in the
 * reader's language when read or sent. `url` is the path of the page it is about.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    /** The id of what it is about (a match, a post, a crisis, a member). */
    subjectId: text("subject_id").notNull(),
    url: text("url").notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
    /** False when the member turned this kind off in the app (it may still go by e-mail or push). */
    inApp: boolean("in_app").notNull().default(true),
    /** The notice's id in the Mastodon client API (a number that sorts by age). */
    mastodonId: mastodonIdColumn(),
  },
  (t) => [
    index("notifications_recipient_idx").on(t.recipientId, t.createdAt.desc()),
    index("notifications_unread_idx").on(t.recipientId).where(sql`${t.readAt} IS NULL`),
  ],
);

export const deliveryChannel = pgEnum("delivery_channel", ["email", "push"]);
/**
 * pending → sending → sent; or back to pending (a temporary failure, after a delay), or
 * failed (permanent), skipped (nowhere to send it), or unconfirmed: the worker stopped
 * after handing it over but before recording the answer, so it is never sent again.
 * An e-mail for a digest is held until the member's digest time, then digested: gathered
 * into one digest e-mail (a notification of its own, `digest_id`) in one transaction.
 */
export const deliveryStatus = pgEnum("delivery_status", [
  "pending",
  "sending",
  "sent",
  "failed",
  "skipped",
  "unconfirmed",
  "held",
  "digested",
]);

/** One notification on one channel: the key (notification, channel) is what keeps a retry from sending twice. */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    notificationId: uuid("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    channel: deliveryChannel("channel").notNull(),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** What the other side answered (an SMTP reply code and text, an HTTP status); never the message. */
    result: text("result"),
    /** The digest e-mail (a notification of kind `digest`) that carried this held one. */
    digestId: uuid("digest_id").references((): AnyPgColumn => notifications.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.notificationId, t.channel] }),
    // Held e-mails come due at their member's digest time; the gathering looks them up by status and time.
    index("notification_deliveries_status_due_idx").on(t.status, t.nextAttemptAt),
    index("notification_deliveries_digest_idx").on(t.digestId),
    index("notification_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("notification_deliveries_recent_idx").on(t.channel, t.updatedAt.desc()),
    // The hourly caps count a member's sent and in-flight messages, a batch of members at a time.
    // Both statuses in one index, so its plan is the same before the table was ever analyzed:
    // one that counted a crisis's first minute of messages over every recent delivery (4 ms
    // each) while the statistics still said the table was empty.
    index("notification_deliveries_member_recent_idx")
      .on(t.recipientId, t.channel, t.updatedAt)
      .where(sql`${t.status} IN ('sent', 'sending')`),
  ],
);

/** E-mail of a kind goes at once, or waits for the member's daily or weekly digest. */
export const emailMode = pgEnum("email_mode", ["immediate", "daily", "weekly"]);

/**
 * A member's choice for one kind of notification; no row means the defaults (see
 * src/notifications/kinds.ts). Turned off by the one-click unsubscribe link as well.
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    inApp: boolean("in_app").notNull(),
    email: boolean("email").notNull(),
    push: boolean("push").notNull(),
    emailMode: emailMode("email_mode").notNull().default("immediate"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.kind] })],
);

/** "Tell me of new offers of tools in East side": any of kind, category and area (at least one). */
export const watches = pgTable(
  "watches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    kind: text("kind"),
    category: text("category"),
    areaId: uuid("area_id").references(() => serviceAreas.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("watches_member_idx").on(t.memberId)],
);

/**
 * A device where a member turned push on: the browser's push service address and the keys
 * its payloads are encrypted for (RFC 8291). Removed when the push service answers 404/410.
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    endpoint: text("endpoint").primaryKey(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    /** The browser's ECDH public key (P-256, base64url). */
    p256dh: text("p256dh").notNull(),
    /** The browser's authentication secret (base64url). */
    auth: text("auth").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  },
  (t) => [index("push_subscriptions_member_idx").on(t.memberId)],
);
