import type { Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import { logger } from "../logging.ts";
import { DeliveryFailure } from "./delivery.service.ts";

const log = logger("notifications", "mail");

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** Also the Message-ID's left part: the same delivery always has the same id. */
  id?: string;
  /** A whole Message-ID (without <>) chosen by the caller, who keeps it to recognise replies. */
  messageId?: string;
}

/** Sends e-mail; resolves to the server's answer, or throws {@link DeliveryFailure}. */
export interface Mailer {
  readonly enabled: boolean;
  send(message: MailMessage): Promise<string>;
}

/** The mailer used when SMTP_URL is not set: e-mail is off, and says so when asked to send. */
export const MAIL_OFF: Mailer = {
  enabled: false,
  send: () => Promise.reject(new DeliveryFailure("e-mail is off: SMTP_URL is not set", false)),
};

/**
 * E-mail through any SMTP server, with nodemailer (it speaks SMTP, STARTTLS and SMTPS, with
 * authentication, pooling and the protocol's answers, which we need to tell a temporary
 * failure from a permanent one). The URL's credentials never reach a log line. nodemailer is
 * loaded with the first message, so an instance that sends none does not hold it in memory.
 */
export function createSmtpMailer(smtpUrl: URL | undefined, from: string): Mailer {
  if (smtpUrl === undefined) {
    log.info("E-mail is off: set SMTP_URL (and MAIL_FROM) to send notifications and address checks by e-mail");
    return MAIL_OFF;
  }
  const options: SMTPPool.Options = {
    pool: true,
    maxConnections: 5,
    // nodemailer waits 2 minutes for a connection and 10 on a silent server, and the workers
    // hand a batch over at once: one hung connection would hold every notice behind it for that
    // long. A message that times out is tried again later, as any temporary failure is.
    connectionTimeout: 30_000,
    socketTimeout: 60_000,
    logger: false,
    debug: false,
  };
  let transport: Promise<Transporter<SMTPPool.SentMessageInfo>> | undefined;
  const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? "localhost";
  return {
    enabled: true,
    async send(message) {
      try {
        transport ??= import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl.href, options));
        const info = await (await transport).sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
          ...(message.messageId !== undefined
            ? { messageId: `<${message.messageId}>` }
            : message.id === undefined
              ? {}
              : { messageId: `<${message.id}@${domain}>` }),
        });
        return withoutAddresses(String(info.response ?? "sent"));
      } catch (error) {
        const { responseCode, response, message: text } = error as { responseCode?: number; response?: string; message?: string };
        // 5xx: the server will never take it (no such mailbox, refused); anything else may pass later.
        const permanent = typeof responseCode === "number" && responseCode >= 500 && responseCode < 600;
        throw new DeliveryFailure(withoutAddresses(response ?? text ?? String(error)), permanent);
      }
    },
  };
}

/** Servers often repeat the address in their answer; answers go to logs and the admin page, addresses must not. */
export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>@"':;,]+@[^\s<>@"':;,]+/g, "[address]");
}
