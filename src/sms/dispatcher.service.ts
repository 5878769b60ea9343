import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  type ConversationRow,
  findConversation,
  insertConversationMessage,
  insertConversationWithMessage,
  lastInboundProviderId,
  listConversationMessages,
  listConversationPosts,
  listConversationsNeedingPerson,
  updateConversation,
} from "../../db/queries/conversations.ts";
import { findMemberById } from "../../db/queries/members.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { RateLimit, RateLimiter } from "../limits/rate-limiter.ts";
import type { CoordinatorLogService } from "../members/coordinator-log.service.ts";
import { isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import { DeliveryFailure } from "../notifications/delivery.service.ts";
import { escapeHtml, simpleHtml } from "../notifications/email-channel.ts";
import type { TranslatorFor } from "../notifications/ports.ts";
import type { Mailer } from "../notifications/smtp-mailer.ts";
import type { PostFieldsInput } from "../posts/post.schema.ts";
import { ACTIVE_STATUSES, CATEGORIES } from "../posts/post.schema.ts";
import type { PostService } from "../posts/post.service.ts";
import type { PostView } from "../posts/post.view.ts";
import { checkTypedText, isUuid } from "../validation.ts";
import type { DraftFields } from "./grammar.ts";
import { smsLanguage } from "./languages/index.ts";
import { toE164 } from "./phone.ts";
import { SEGMENT_LENGTH } from "./segments.ts";
import { assignCode, type SmsConversationService } from "./sms-conversation.service.ts";

/**
 * Answers by e-mail: the mailer (off without SMTP_URL), the intake address that replies come
 * back to (null with e-mail intake off: the answer still goes, its reply reaches nobody's
 * queue), the domain of the Message-IDs we make, and the texts in the person's language.
 */
export interface EmailOut {
  mailer: Mailer;
  replyTo: string | null;
  messageDomain: string;
  translatorFor: TranslatorFor;
}

export interface ConversationSummary {
  id: string;
  channel: "sms" | "email" | "web";
  language: string;
  needsPerson: boolean;
  stopped: boolean;
  lastMessage: string;
  updatedAt: string;
}

export interface ConversationDetail extends ConversationSummary {
  /** The number or e-mail address: private contact, for coordinators only. */
  address: string;
  /** An e-mail's subject. */
  subject: string | null;
  /** A member's reply to a notice: their username, and the page the notice was about. */
  member: string | null;
  aboutUrl: string | null;
  /** What the grammar read so far (kind, category, quantity, area id), to start a post from. */
  draft: DraftFields | null;
  /** How an answer would go out now; null when it cannot (STOP, or the channel is off). */
  replyBy: "sms" | "email" | null;
  messages: { direction: "inbound" | "outbound"; body: string; at: string; unanswered: boolean; failed: boolean }[];
  posts: { postId: string; code: string; status: string }[];
}

/**
 * The dispatcher queue: conversations the grammar could not follow (or that went over
 * the per-number limit), for coordinators to read, answer by SMS, or turn into a post.
 */
export class DispatcherService {
  readonly #db: Database;
  readonly #posts: PostService;
  readonly #sms: SmsConversationService | null;
  readonly #log: CoordinatorLogService;
  readonly #emailOut: EmailOut;

  readonly #limiter: RateLimiter;
  readonly #limit: RateLimit;
  readonly #defaultCountry: string;

  constructor(
    db: Database,
    options: {
      posts: PostService;
      sms: SmsConversationService | null;
      log: CoordinatorLogService;
      email: EmailOut;
      limiter: RateLimiter;
      /** "I can help" per client address (services.limits.helpOffersPerAddress). */
      limit: RateLimit;
      defaultCountry: string;
    },
  ) {
    this.#db = db;
    this.#posts = options.posts;
    this.#sms = options.sms;
    this.#log = options.log;
    this.#emailOut = options.email;
    this.#limiter = options.limiter;
    this.#limit = options.limit;
    this.#defaultCountry = options.defaultCountry;
  }

  /**
   * "I can help", from a visitor without an account on a public request's page: their
   * message and a phone number or e-mail address land in the queue, linked to the post.
   * `clientKey` (their address) is rate-limited.
   */
  async offerHelp(postId: string, input: { message: string; contact: string; language: string }, clientKey: string): Promise<void> {
    const post = await this.#posts.getPublic(postId);
    if (post === null || post.kind !== "request" || !(ACTIVE_STATUSES as readonly string[]).includes(post.status)) {
      throw new NotFoundError("No such open request.");
    }
    const message = checkTypedText("message", input.message, { min: 1, max: 1000, multiline: true, minError: "write a message" });
    const contact = input.contact.trim();
    const phone = toE164(contact, this.#defaultCountry);
    const email = phone === null && z.email().safeParse(contact).success ? contact.toLowerCase() : null;
    if (phone === null && email === null) throw new InvalidFieldsError({ contact: "give a phone number or an e-mail address" });
    await this.#limiter.take(this.#limit, clientKey);
    await insertConversationWithMessage(
      this.#db,
      { channel: "web", address: phone ?? email!, language: smsLanguage(input.language) ?? "en", aboutPostId: post.id },
      { body: message },
    );
  }

  async list(viewer: Viewer): Promise<ConversationSummary[]> {
    requireCoordinator(viewer);
    const rows = await listConversationsNeedingPerson(this.#db);
    return Promise.all(rows.map(async (row) => summary(row, await listConversationMessages(this.#db, row.id))));
  }

  async get(viewer: Viewer, id: string): Promise<ConversationDetail> {
    requireCoordinator(viewer);
    const row = await this.#find(id);
    const messages = await listConversationMessages(this.#db, id);
    const posts = await listConversationPosts(this.#db, id);
    const member = row.memberId === null ? undefined : await findMemberById(this.#db, row.memberId);
    return {
      ...summary(row, messages),
      address: row.address,
      subject: row.subject,
      member: member?.username ?? null,
      aboutUrl: row.aboutUrl,
      draft: draftOf(row.draft),
      replyBy: this.#replyBy(row),
      messages: messages.map((m) => ({
        direction: m.direction,
        body: m.body,
        at: m.createdAt.toISOString(),
        unanswered: m.unanswered,
        failed: m.failed,
      })),
      posts: posts.map((p) => ({ postId: p.postId, code: p.code, status: p.status })),
    };
  }

  /**
   * Answers the person the way they wrote: by SMS to a number, by e-mail to an address (an
   * e-mail conversation, or "I can help" with an address). Resolves to the conversation as
   * it now stands. The answer is logged for members to see, without the number or address.
   */
  async reply(viewer: Viewer, id: string, body: string): Promise<ConversationDetail> {
    const member = requireCoordinator(viewer);
    const row = await this.#find(id);
    const byEmail = !row.address.startsWith("+");
    const max = byEmail ? 5000 : SEGMENT_LENGTH.gsm7 * 3;
    const text = checkTypedText("body", body, { min: 1, max, multiline: byEmail, minError: "write a message" });
    if (byEmail) await this.#email(row, text);
    else await this.#text(row, text);
    await inTransaction(this.#db, async (tx) => {
      await updateConversation(tx, row.id, { needsPerson: false });
      await this.#log.record(tx, member, "conversation_answered", { detail: byEmail ? "e-mail" : "SMS" });
    });
    return this.get(viewer, id);
  }

  #replyBy(row: ConversationRow): "sms" | "email" | null {
    if (row.address.startsWith("+")) return this.#sms !== null && !row.stopped ? "sms" : null;
    return this.#emailOut.mailer.enabled ? "email" : null;
  }

  async #text(row: ConversationRow, text: string): Promise<void> {
    if (this.#sms === null) throw new ConflictError("This conversation cannot be answered: SMS is off (SMS_PROVIDER).");
    if (row.stopped) throw new ConflictError("This number sent STOP: nothing may be sent to it until it sends START.");
    const sent = await this.#sms.send(row.id, row.address, text);
    if (!sent) throw new ConflictError("The SMS provider refused the message; see the provider's state on the admin page.");
  }

  /**
   * E-mails the answer with the network's intake address as Reply-To and the person's last
   * message as In-Reply-To, so that their answer comes back into this thread.
   */
  async #email(row: ConversationRow, text: string): Promise<void> {
    const { mailer, replyTo, messageDomain } = this.#emailOut;
    if (!mailer.enabled) throw new ConflictError("This conversation cannot be answered: e-mail is off (SMTP_URL).");
    const answered = await lastInboundProviderId(this.#db, row.id);
    const inReplyTo = answered?.startsWith("email:") && !answered.startsWith("email:sha256:") ? `<${answered.slice(6)}>` : null;
    const messageId = `${randomUUID()}@${messageDomain}`;
    // The coordinator's words go as written; what the server adds is in the person's language.
    const t = this.#emailOut.translatorFor(row.language);
    const subject = row.subject ? (/^re:/i.test(row.subject) ? row.subject : `Re: ${row.subject}`) : t("email.answerSubject");
    try {
      await mailer.send({
        to: row.address,
        subject,
        text,
        html: simpleHtml(t, [`<p>${escapeHtml(text).replaceAll("\n", "<br>")}</p>`]),
        messageId,
        headers: {
          ...(replyTo === null ? {} : { "Reply-To": replyTo }),
          ...(inReplyTo === null ? {} : { "In-Reply-To": inReplyTo, References: inReplyTo }),
        },
      });
    } catch (error) {
      if (!(error instanceof DeliveryFailure)) throw error;
      await insertConversationMessage(this.#db, { conversationId: row.id, direction: "outbound", body: text, failed: true });
      throw new ConflictError(`The mail server refused the message: ${error.message}`);
    }
    await insertConversationMessage(this.#db, {
      conversationId: row.id,
      direction: "outbound",
      body: text,
      providerId: `email:${messageId}`,
    });
  }

  /**
   * Enters a post for the conversation's person (their number or address as private contact,
   * beside any name or address the coordinator adds) and takes it off the queue.
   */
  async convert(viewer: Viewer, id: string, fields: Omit<PostFieldsInput, "onBehalfOfSomeoneElse">): Promise<PostView> {
    const member = requireCoordinator(viewer);
    const row = await this.#find(id);
    const reachedAt = row.address.startsWith("+") ? { phone: row.address } : { email: row.address };
    const contact = { ...fields.contact, ...reachedAt };
    return this.#posts.create(member, { ...fields, onBehalfOfSomeoneElse: true, contact }, async (tx, postId) => {
      await assignCode(tx, row.id, postId);
      await updateConversation(tx, row.id, { needsPerson: false, draft: null, draftExpiresAt: null });
    });
  }

  async #find(id: string): Promise<ConversationRow> {
    const row = isUuid(id) ? await findConversation(this.#db, id) : undefined;
    if (row === undefined) throw new NotFoundError("No such conversation.");
    return row;
  }
}

/** A stored draft, checked field by field: it is JSON written by the grammar, read back untyped. */
function draftOf(stored: unknown): DraftFields | null {
  if (typeof stored !== "object" || stored === null) return null;
  const { kind, category, quantity, areaId } = stored as Record<string, unknown>;
  const draft: DraftFields = {};
  if (kind === "offer" || kind === "request") draft.kind = kind;
  const knownCategory = CATEGORIES.find((c) => c === category);
  if (knownCategory !== undefined) draft.category = knownCategory;
  if (typeof quantity === "number") draft.quantity = quantity;
  if (typeof areaId === "string") draft.areaId = areaId;
  return draft;
}

function requireCoordinator(viewer: Viewer) {
  const member = requireMember(viewer);
  if (!isCoordinator(member)) throw new ForbiddenError("Only coordinators can read the dispatcher queue.");
  return member;
}

/** `lastMessage` is the last thing the person wrote: what a coordinator needs to see first. */
function summary(row: ConversationRow, messages: { body: string; direction: "inbound" | "outbound" }[]): ConversationSummary {
  return {
    id: row.id,
    channel: row.channel,
    language: row.language,
    needsPerson: row.needsPerson,
    stopped: row.stopped,
    lastMessage: messages.findLast((m) => m.direction === "inbound")?.body ?? "",
    updatedAt: row.updatedAt.toISOString(),
  };
}
