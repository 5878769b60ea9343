import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  type ConversationRow,
  findConversation,
  insertConversationWithMessage,
  listConversationMessages,
  listConversationPosts,
  listConversationsNeedingPerson,
  updateConversation,
} from "../../db/queries/conversations.ts";
import { ConflictError, ForbiddenError, InvalidFieldsError, NotFoundError } from "../errors.ts";
import type { RateLimit, RateLimiter } from "../limits/rate-limiter.ts";
import { isCoordinator, requireMember, type Viewer } from "../members/viewer.ts";
import type { PostFieldsInput } from "../posts/post.schema.ts";
import { ACTIVE_STATUSES } from "../posts/post.schema.ts";
import type { PostService } from "../posts/post.service.ts";
import type { PostView } from "../posts/post.view.ts";
import { checkTypedText, isUuid } from "../validation.ts";
import { toE164 } from "./phone.ts";
import { SEGMENT_LENGTH } from "./replies.ts";
import { assignCode, type SmsConversationService } from "./sms-conversation.service.ts";

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

  readonly #limiter: RateLimiter;
  readonly #limit: RateLimit;
  readonly #defaultCountry: string;

  constructor(
    db: Database,
    options: {
      posts: PostService;
      sms: SmsConversationService | null;
      limiter: RateLimiter;
      /** "I can help" per client address (services.limits.helpOffersPerAddress). */
      limit: RateLimit;
      defaultCountry: string;
    },
  ) {
    this.#db = db;
    this.#posts = options.posts;
    this.#sms = options.sms;
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
      { channel: "web", address: phone ?? email!, language: input.language === "es" ? "es" : "en", aboutPostId: post.id },
      message,
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
    return {
      ...summary(row, messages),
      address: row.address,
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

  /** Texts the conversation's number; resolves to the conversation as it now stands. */
  async reply(viewer: Viewer, id: string, body: string): Promise<ConversationDetail> {
    requireCoordinator(viewer);
    const text = checkTypedText("body", body, { min: 1, max: SEGMENT_LENGTH * 3, minError: "write a message" });
    const row = await this.#find(id);
    if (row.channel !== "sms" || this.#sms === null) throw new ConflictError("This conversation cannot be answered by SMS.");
    if (row.stopped) throw new ConflictError("This number sent STOP: nothing may be sent to it until it sends START.");
    const sent = await this.#sms.send(row.id, row.address, text);
    if (!sent) throw new ConflictError("The SMS provider refused the message; see the provider's state on the admin page.");
    await updateConversation(this.#db, row.id, { needsPerson: false });
    return this.get(viewer, id);
  }

  /** Enters a post for the conversation's person (their number as private contact) and takes it off the queue. */
  async convert(viewer: Viewer, id: string, fields: Omit<PostFieldsInput, "contact" | "onBehalfOfSomeoneElse">): Promise<PostView> {
    const member = requireCoordinator(viewer);
    const row = await this.#find(id);
    const contact = row.address.startsWith("+") ? { phone: row.address } : { email: row.address };
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
