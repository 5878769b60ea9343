import { randomInt } from "node:crypto";
import type { Database } from "../../db/database.ts";
import {
  type ConversationRow,
  findConversationOfPost,
  findOrCreateSmsConversation,
  findProviderState,
  insertConversationMessage,
  insertConversationPost,
  isStopped,
  listAreaNames,
  listConversationPosts,
  markMessage,
  recordProviderEvent,
  updateConversation,
} from "../../db/queries/conversations.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, InvalidInputError, RateLimitedError } from "../errors.ts";
import type { RateLimit, RateLimiter } from "../limits/rate-limiter.ts";
import { logger } from "../logging.ts";
import type { Category, PostKind, PostStatus } from "../posts/post.schema.ts";
import type { PostService } from "../posts/post.service.ts";
import { type DraftFields, type ParsedMessage, parseMessage } from "./grammar.ts";
import { type SmsLanguage, smsLanguage } from "./languages/index.ts";
import { toE164 } from "./phone.ts";
import { type PostNotice, postNoticeText } from "./post-notice.ts";
import { type InboundSms, SmsSendError, type SmsSender } from "./providers/provider.ts";
import { askAreaReply, intakeTitle, repliesIn, statusReply } from "./replies.ts";

const log = logger("sms");

/** A half-finished conversation is forgotten a day after its last message. */
const DRAFT_LIFETIME_MS = 86_400_000;
/** After this many questions without an answer the grammar can use, a person takes over. */
const MAX_QUESTIONS = 2;
/** Codes people can read out and type: no 0/O, 1/I/L. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** How telling a post's person went: texted, not an SMS post, the number sent STOP, or the provider refused. */
export type TellOutcome = "sent" | "not_sms" | "stopped" | "failed";

interface Draft extends DraftFields {
  questions: number;
}

/**
 * Conversations by SMS with people who have no account: each inbound text is stored
 * once (providers retry), read with the grammar, and answered with one short question
 * or a reference code; the result is an ordinary post (src/posts) whose private contact
 * is the number. Numbers never reach a log line: messages are logged by conversation id.
 */
export class SmsConversationService {
  readonly #db: Database;
  readonly #posts: PostService;
  readonly #sender: SmsSender;
  readonly #limiter: RateLimiter;
  readonly #limit: RateLimit;
  readonly #defaultCountry: string;
  readonly #defaultLanguage: SmsLanguage;
  readonly #now: () => number;

  constructor(
    db: Database,
    options: {
      posts: PostService;
      sender: SmsSender;
      limiter: RateLimiter;
      defaultCountry: string;
      /** Inbound texts per number (services.limits.smsInboundPerNumber). */
      limit: RateLimit;
      /** The network's language (NETWORK_LANGUAGE): a new number's until its texts say otherwise; English if SMS lacks it. */
      defaultLanguage?: string;
      now?: () => number;
    },
  ) {
    this.#db = db;
    this.#posts = options.posts;
    this.#sender = options.sender;
    this.#limiter = options.limiter;
    this.#limit = options.limit;
    this.#defaultCountry = options.defaultCountry;
    this.#defaultLanguage = smsLanguage(options.defaultLanguage) ?? "en";
    this.#now = options.now ?? Date.now;
  }

  get providerName(): string {
    return this.#sender.name;
  }

  /**
   * Handles one inbound text whose webhook signature checked out. Resolves to false for
   * a message already handled (a retry) or from something that is not a phone number.
   */
  async receive(inbound: InboundSms): Promise<boolean> {
    const number = toE164(inbound.from, this.#defaultCountry);
    if (number === null) {
      log.warn("An inbound SMS came from something that is not a phone number; ignored");
      return false;
    }
    const stored = await inTransaction(this.#db, async (tx) => {
      const conversation = await findOrCreateSmsConversation(tx, number, this.#defaultLanguage);
      const message = await insertConversationMessage(tx, {
        conversationId: conversation.id,
        direction: "inbound",
        body: inbound.body.slice(0, 2000),
        providerId: inbound.providerMessageId,
      });
      await recordProviderEvent(tx, this.#sender.name, { kind: "inbound" });
      return message === undefined ? null : { conversation, messageId: message.id };
    });
    if (stored === null) return false;
    const { conversation } = stored;
    try {
      await this.#limiter.take(this.#limit, number);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      // A loop or a flood: keep it for a person to see, answer nothing.
      log.warn("Conversation {conversation} is over the inbound limit; stored, not answered", { conversation: conversation.id });
      await inTransaction(this.#db, async (tx) => {
        await updateConversation(tx, conversation.id, { needsPerson: true });
        await markMessage(tx, stored.messageId, { unanswered: true });
      });
      return true;
    }
    const areas = await listAreaNames(this.#db);
    // The language of the words, else the one the conversation speaks (at first the network's).
    const spoken = this.#languageOf(conversation);
    // Until the conversation first changes, its language is only the network's default.
    const networkDefault = conversation.createdAt.getTime() === conversation.updatedAt.getTime();
    const parsed = parseMessage(inbound.body, areas, spoken, { networkDefault });
    const language = parsed.language ?? spoken;
    if (language !== conversation.language) await updateConversation(this.#db, conversation.id, { language });
    const reply = await this.#answer(conversation, parsed, language, areas);
    if (reply !== null) await this.send(conversation.id, number, reply);
    return true;
  }

  /** `sms test NUMBER`: texts a number (local or E.164) to check the provider works; resolves to the E.164 form. */
  async sendTest(raw: string, networkName: string): Promise<string> {
    const number = toE164(raw, this.#defaultCountry);
    if (number === null) throw new InvalidInputError("NUMBER", `is not a phone number (local numbers are read as ${this.#defaultCountry})`);
    if (await isStopped(this.#db, number))
      throw new ConflictError("This number sent STOP: nothing may be sent to it until it sends START.");
    const conversation = await findOrCreateSmsConversation(this.#db, number, this.#defaultLanguage);
    const sent = await this.send(
      conversation.id,
      number,
      `Test message from ${networkName}. Text HELP to learn how to ask for or offer help.`,
    );
    if (!sent) throw new ConflictError("The SMS provider refused the message; `sms status` shows why.");
    return number;
  }

  /** The provider's state for the admin: last inbound and outbound, failures. */
  providerState() {
    return findProviderState(this.#db, this.#sender.name);
  }

  /** Texts `to` and stores the message in the conversation; a refusal is stored as failed and counted. */
  async send(conversationId: string, to: string, body: string): Promise<boolean> {
    const message = await insertConversationMessage(this.#db, { conversationId, direction: "outbound", body });
    try {
      await this.#sender.send(to, body);
      await recordProviderEvent(this.#db, this.#sender.name, { kind: "outbound" });
      return true;
    } catch (error) {
      if (!(error instanceof SmsSendError)) throw error;
      log.error("Sending in conversation {conversation} failed: {reason}", { conversation: conversationId, reason: error.message });
      await markMessage(this.#db, message!.id, { failed: true });
      await recordProviderEvent(this.#db, this.#sender.name, { kind: "failure", reason: error.message });
      return false;
    }
  }

  /**
   * "Tell this post's person about it": for a post that came in by SMS, texts its number
   * in their language, unless they sent STOP; any other post has nobody to text. The
   * workers call it for the texts the matching wrote (src/sms/sms-notices.ts).
   */
  async tellAboutPost(postId: string, notice: PostNotice): Promise<TellOutcome> {
    const found = await findConversationOfPost(this.#db, postId);
    if (found === undefined || found.conversation.channel !== "sms") return "not_sms";
    if (found.conversation.stopped) return "stopped";
    const text = postNoticeText(this.#languageOf(found.conversation), found.code, notice);
    return (await this.send(found.conversation.id, found.conversation.address, text)) ? "sent" : "failed";
  }

  /** The language a conversation speaks (one no longer offered reads as the network's). */
  #languageOf(conversation: ConversationRow): SmsLanguage {
    return smsLanguage(conversation.language) ?? this.#defaultLanguage;
  }

  /** What to text back (null: nothing, e.g. after STOP). */
  async #answer(
    conversation: ConversationRow,
    parsed: ParsedMessage,
    language: SmsLanguage,
    areas: { name: string; areaId: string; areaName: string }[],
  ): Promise<string | null> {
    const replies = repliesIn(language);
    if (parsed.type === "keyword" && parsed.keyword === "stop") {
      await updateConversation(this.#db, conversation.id, { stopped: true, draft: null, draftExpiresAt: null });
      return null;
    }
    if (parsed.type === "keyword" && parsed.keyword === "start") {
      await updateConversation(this.#db, conversation.id, { stopped: false });
      return replies.started;
    }
    // STOP holds until START: what they send meanwhile is stored, never answered.
    if (conversation.stopped) return null;
    if (parsed.type === "keyword" && parsed.keyword === "help") return replies.help;
    if (parsed.type === "keyword") {
      const items = await listConversationPosts(this.#db, conversation.id);
      return statusReply(
        language,
        items.map((i) => ({ code: i.code, category: i.category as Category, status: i.status as PostStatus })),
      );
    }
    if (parsed.type === "cancel") {
      if (parsed.code === null) return replies.cancelWhich;
      const post = (await listConversationPosts(this.#db, conversation.id)).find((i) => i.code === parsed.code);
      const withdrawn = post !== undefined && (await this.#posts.withdrawForIntake(post.postId));
      return withdrawn ? replies.cancelled(parsed.code) : replies.notCancelled(parsed.code);
    }
    const now = this.#now();
    const previous =
      conversation.draft !== null && (conversation.draftExpiresAt?.getTime() ?? 0) > now ? (conversation.draft as Draft) : null;
    const { draft, helped } = nextDraft(previous, parsed.fields);
    const missing =
      draft.kind === undefined ? "kind" : draft.category === undefined ? "category" : draft.areaId === undefined ? "area" : null;
    if (missing === null) {
      const area = areas.find((a) => a.areaId === draft.areaId)!.areaName;
      const code = await this.#post(conversation, language, { ...draft, kind: draft.kind!, category: draft.category!, area });
      return replies.posted(code);
    }
    if (draft.questions >= MAX_QUESTIONS) {
      await updateConversation(this.#db, conversation.id, { needsPerson: true, draft: null, draftExpiresAt: null });
      return replies.handedOver;
    }
    // Only a question that got nothing the grammar could use counts towards a person.
    await updateConversation(this.#db, conversation.id, {
      draft: { ...draft, questions: helped ? draft.questions : draft.questions + 1 },
      draftExpiresAt: new Date(now + DRAFT_LIFETIME_MS),
    });
    if (missing === "kind") return replies.askKind;
    if (missing === "category") return replies.askCategory;
    return askAreaReply(language, [...new Set(areas.map((a) => a.areaName))]);
  }

  /** Enters the post and keeps its code in the conversation, in one transaction; resolves to the code. */
  async #post(
    conversation: ConversationRow,
    language: SmsLanguage,
    draft: { kind: PostKind; category: Category; quantity?: number; area: string },
  ): Promise<string> {
    let code = "";
    await this.#posts.createForIntake(
      {
        kind: draft.kind,
        category: draft.category,
        title: intakeTitle(language, draft.kind, draft.category, draft.area),
        details: "",
        quantity: draft.quantity ?? null,
        area: draft.area,
        language,
        visibility: "public",
        contact: { phone: conversation.address },
      },
      async (tx, postId) => {
        code = await assignCode(tx, conversation.id, postId);
        await updateConversation(tx, conversation.id, { draft: null, draftExpiresAt: null });
      },
    );
    log.info("Conversation {conversation} entered a post", { conversation: conversation.id });
    return code;
  }
}

/**
 * The draft after a message. An answer fills in what is missing and never overwrites what
 * they said before (a word of "Which area?"'s answer that happens to be a category is not
 * a new category). A message with a need/offer word other than the draft's starts afresh
 * ("NEED FOOD", then "OFFER RIDE Riverside"); one with the same need/offer word and a
 * what is a new message too, and what it says wins. `helped`: the message changed the draft.
 */
function nextDraft(previous: Draft | null, fields: DraftFields): { draft: Draft; helped: boolean } {
  const otherKind = fields.kind !== undefined && previous?.kind !== undefined && previous.kind !== fields.kind;
  const draft: Draft =
    previous === null || otherKind
      ? { questions: 0, ...fields }
      : fields.kind !== undefined && fields.category !== undefined
        ? { ...previous, ...fields, questions: 0 }
        : { ...fields, ...previous };
  const keys = Object.keys(fields) as (keyof DraftFields)[];
  return { draft, helped: keys.some((key) => draft[key] !== previous?.[key]) };
}

/** Links a post to the conversation it came from under a new short code (R7K2); resolves to the code. */
export async function assignCode(tx: Database, conversationId: string, postId: string): Promise<string> {
  for (;;) {
    // Codes are short, so one may be taken: draw again.
    const code = Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
    if (await insertConversationPost(tx, { postId, conversationId, code })) return code;
  }
}
