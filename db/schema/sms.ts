import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { serviceAreas } from "./instance.ts";
import { members } from "./members.ts";
import { deliveryStatus } from "./notifications.ts";
import { posts } from "./posts.ts";

export const conversationChannel = pgEnum("conversation_channel", ["sms", "email", "web"]);
export const messageDirection = pgEnum("message_direction", ["inbound", "outbound"]);

/**
 * One person without an account, reached by SMS (an E.164 number), e-mail or the "I can
 * help" form. The address is private contact: only coordinators read it, through the
 * dispatcher queue. `draft` is what the grammar understood so far and `draft_expires_at`
 * when it is forgotten (a day after the last message).
 */
export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: conversationChannel("channel").notNull(),
    address: text("address").notNull(),
    language: text("language").notNull().default("en"),
    draft: jsonb("draft"),
    draftExpiresAt: timestamp("draft_expires_at", { withTimezone: true }),
    /** Set when the grammar gave up (or the message came another way): a coordinator should read it. */
    needsPerson: boolean("needs_person").notNull().default(false),
    /** STOP: nothing more is sent to this number until START. */
    stopped: boolean("stopped").notNull().default(false),
    /** The public post a visitor offered help with ("I can help"). */
    aboutPostId: uuid("about_post_id").references(() => posts.id, { onDelete: "set null" }),
    /** A member's e-mail reply to a notice: who wrote (their verified address matched) and the notice's page. */
    memberId: uuid("member_id").references(() => members.id, { onDelete: "set null" }),
    aboutUrl: text("about_url"),
    /** An e-mail thread's subject, for the coordinator's "Re:". */
    subject: text("subject"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One running SMS conversation per number; e-mail and web ones are one per message.
    uniqueIndex("conversations_sms_address_unique").on(t.address).where(sql`${t.channel} = 'sms'`),
    index("conversations_queue_idx").on(t.needsPerson, t.updatedAt),
  ],
);

/** Every message in and out. `provider_id` de-duplicates providers' retries. */
export const conversationMessages = pgTable(
  "conversation_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    direction: messageDirection("direction").notNull(),
    body: text("body").notNull(),
    /**
     * "twilio:SM…", "android-gateway:…", "email:<message-id>" (also for e-mail we send, so a
     * reply's In-Reply-To finds its thread); null for outbound SMS and the web form.
     */
    providerId: text("provider_id"),
    /** Inbound beyond the per-number limit: stored and shown, never answered. */
    unanswered: boolean("unanswered").notNull().default(false),
    /** Outbound that the provider refused. */
    failed: boolean("failed").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("conversation_messages_provider_id_unique").on(t.providerId),
    index("conversation_messages_conversation_idx").on(t.conversationId, t.createdAt),
  ],
);

/** The posts a conversation made, with the short code the sender uses (CANCEL R7K2). */
export const conversationPosts = pgTable("conversation_posts", {
  postId: uuid("post_id")
    .primaryKey()
    .references(() => posts.id, { onDelete: "cascade" }),
  conversationId: uuid("conversation_id")
    .notNull()
    .references(() => conversations.id, { onDelete: "cascade" }),
  code: text("code").notNull().unique(),
});

/** Other names people text for an area ("eastside", "el centro"), set by admins. */
export const areaAliases = pgTable("area_aliases", {
  alias: text("alias").primaryKey(),
  areaId: uuid("area_id")
    .notNull()
    .references(() => serviceAreas.id, { onDelete: "cascade" }),
});

/** What the admin page shows of the SMS provider: one row per provider name. */
export const smsProviderState = pgTable("sms_provider_state", {
  provider: text("provider").primaryKey(),
  lastInboundAt: timestamp("last_inbound_at", { withTimezone: true }),
  lastOutboundAt: timestamp("last_outbound_at", { withTimezone: true }),
  failures: integer("failures").notNull().default(0),
  lastFailure: text("last_failure"),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }),
});

export const smsNoticeEvent = pgEnum("sms_notice_event", ["matched", "scheduled", "cancelled"]);

/**
 * A text to tell the person behind an SMS post (who has no account) about its match:
 * written in the transaction that changed the match, sent by a worker. Its status moves
 * as a notification delivery's does (pending → sending → sent, or unconfirmed when the
 * worker stopped after handing it over), so a retry never texts twice.
 */
export const smsNotices = pgTable(
  "sms_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    event: smsNoticeEvent("event").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }),
    windowEnd: timestamp("window_end", { withTimezone: true }),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** What the provider answered; never the number or the text. */
    result: text("result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sms_notices_due_idx").on(t.status, t.nextAttemptAt)],
);
