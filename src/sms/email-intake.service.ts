import type { Database } from "../../db/database.ts";
import {
  findConversationOfMessages,
  findNoticeForReply,
  insertConversationMessage,
  insertConversationWithMessage,
  listAreaNames,
  updateConversation,
} from "../../db/queries/conversations.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { RateLimit, RateLimiter } from "../limits/rate-limiter.ts";
import { logger } from "../logging.ts";
import type { ReplyAddresses } from "../notifications/reply-addresses.ts";
import { parseMessage } from "./grammar.ts";
import { type InboundEmail, readEmail } from "./inbound-email.ts";
import { smsLanguage } from "./languages/index.ts";

const log = logger("sms", "email");

/** What became of a message: stored, already stored (a retry), or dropped as automatic mail. */
export type IntakeResult = "stored" | "duplicate" | "ignored";

/** The grammar reads the start of a message only: enough for "Need food for 4, East side". */
const GRAMMAR_CHARS = 500;

/**
 * E-mail into the dispatcher queue, from the SMTP listener or the signed webhook:
 * - a reply to a notice e-mail (its signed Reply-To), from the member it was sent to, joins
 *   the queue tied to that member and the notice's page;
 * - an answer to a coordinator's e-mail (In-Reply-To) goes back into its thread;
 * - anything else is a new conversation with a draft request, as far as the SMS grammar
 *   could read it, for a coordinator to complete and publish.
 * Addresses never reach a log line; messages are logged by conversation.
 */
export class EmailIntakeService {
  readonly #db: Database;
  readonly #replyAddresses: ReplyAddresses;
  readonly #limiter: RateLimiter;
  readonly #limit: RateLimit;
  /** The network's language: a conversation's when neither the member nor the grammar gives one. */
  readonly #defaultLanguage: string;
  /** The address people write to; a message only to other addresses of ours is still taken. */
  readonly address: string;

  constructor(
    db: Database,
    options: { address: string; replyAddresses: ReplyAddresses; limiter: RateLimiter; limit: RateLimit; defaultLanguage: string },
  ) {
    this.#db = db;
    this.#defaultLanguage = options.defaultLanguage;
    this.address = options.address;
    this.#replyAddresses = options.replyAddresses;
    this.#limiter = options.limiter;
    this.#limit = options.limit;
  }

  /** Whether the listener should take mail for `recipient`: our domain only, so it is never a relay. */
  accepts(recipient: string): boolean {
    const domain = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();
    return recipient.includes("@") && domain(recipient) === domain(this.address);
  }

  /**
   * Takes one raw RFC 822 message. Throws InvalidInputError (naming the field) for a message
   * it cannot read, RateLimitedError beyond the per-sender limit (a loop or a flood).
   */
  async receive(raw: Buffer, envelopeRecipients: readonly string[] = []): Promise<IntakeResult> {
    const mail = await readEmail(raw, envelopeRecipients);
    if (mail.automatic) {
      log.info("An automatic e-mail (an auto-reply, a bounce or a list's mail) was dropped");
      return "ignored";
    }
    await this.#limiter.take(this.#limit, mail.from);
    const body = bodyOf(mail);
    const result = await inTransaction(this.#db, async (tx) => {
      const notice = await this.#noticeAnswered(tx, mail);
      if (notice !== null) {
        const row = await insertConversationWithMessage(
          tx,
          {
            channel: "email",
            address: mail.from,
            language: notice.language ?? this.#defaultLanguage,
            memberId: notice.memberId,
            aboutUrl: notice.url,
            subject: mail.subject || null,
          },
          { body, providerId: mail.providerId },
        );
        return row === undefined ? null : row.id;
      }
      const thread = await findConversationOfMessages(tx, mail.answers);
      if (thread !== undefined && thread.address === mail.from) {
        const stored = await insertConversationMessage(tx, {
          conversationId: thread.id,
          direction: "inbound",
          body,
          providerId: mail.providerId,
        });
        if (stored === undefined) return null;
        await updateConversation(tx, thread.id, { needsPerson: true });
        return thread.id;
      }
      const text = `${mail.subject}\n${mail.text}`.slice(0, GRAMMAR_CHARS);
      // A word several languages share is read in the network's, when it is one of them.
      const parsed = parseMessage(text, await listAreaNames(tx), smsLanguage(this.#defaultLanguage) ?? undefined, { networkDefault: true });
      const draft = parsed.type === "post" ? { ...parsed.fields, kind: parsed.fields.kind ?? "request" } : { kind: "request" };
      const row = await insertConversationWithMessage(
        tx,
        { channel: "email", address: mail.from, language: parsed.language ?? this.#defaultLanguage, subject: mail.subject || null, draft },
        { body, providerId: mail.providerId },
      );
      return row === undefined ? null : row.id;
    });
    if (result === null) return "duplicate";
    log.info("An e-mail joined the dispatcher queue in conversation {conversation}", { conversation: result });
    return "stored";
  }

  /** The notice this message replies to, if it went to a notice's Reply-To from the member it was sent to. */
  async #noticeAnswered(tx: Database, mail: InboundEmail) {
    for (const recipient of mail.recipients) {
      const noticeId = await this.#replyAddresses.noticeOf(recipient);
      if (noticeId === null) continue;
      const notice = await findNoticeForReply(tx, noticeId);
      if (notice?.emailVerified && notice.email?.toLowerCase() === mail.from) return notice;
      // A forwarded notice, or a reply from another address: a new message, tied to nobody.
      log.info("A reply to a notice came from an address other than its member's; taken as a new message");
    }
    return null;
  }
}

/** What a coordinator reads: the subject, the new words, and what was left out. */
function bodyOf(mail: InboundEmail): string {
  const parts = [mail.subject === "" ? null : `${mail.subject}\n`, mail.text || "(no text)"];
  if (mail.droppedAttachments.length > 0) parts.push(`\n[Attachments not kept: ${mail.droppedAttachments.join(", ")}]`);
  if (mail.textWasCut) parts.push("\n[The message was cut at 1 MB.]");
  return parts.filter((p) => p !== null).join("\n");
}
