import type { Database } from "../../db/database.ts";
import { markEmailFailing } from "../../db/queries/members.ts";
import { type ClaimedDelivery, countRecentEmails } from "../../db/queries/notifications.ts";
import type { ChannelOutcome, ChannelSender } from "./delivery.service.ts";
import type { NotificationService } from "./notification.service.ts";
import type { TranslatorFor } from "./ports.ts";
import type { ReplyAddresses } from "./reply-addresses.ts";
import type { SignedLinks } from "./signed-links.ts";
import type { Mailer, MailMessage } from "./smtp-mailer.ts";

const UNSUBSCRIBE_LINK_DAYS = 90;
const HOUR_MS = 3_600_000;

export interface EmailChannelDeps {
  mailer: Mailer;
  links: SignedLinks;
  notifications: NotificationService;
  origin: URL;
  translatorFor: TranslatorFor;
  defaultLanguage: string;
  /** At most this many e-mails to one member in an hour. */
  hourlyCap: number;
  networkName: () => Promise<string>;
  /** With e-mail intake on, a reply to a notice reaches the dispatcher queue through its own Reply-To. */
  replyAddresses?: ReplyAddresses | null;
}

/**
 * Notices by e-mail: short, in the member's language, with a link to the page they are about
 * and a one-click unsubscribe (RFC 8058) for their kind. The text is the same sentence as in
 * the app, which never names a person, a contact or an address.
 */
export class EmailChannel implements ChannelSender {
  readonly #db: Database;
  readonly #deps: EmailChannelDeps;

  constructor(db: Database, deps: EmailChannelDeps) {
    this.#db = db;
    this.#deps = deps;
  }

  async send(delivery: ClaimedDelivery): Promise<ChannelOutcome> {
    if (delivery.email === null || !delivery.emailReady) return { skipped: "no verified address" };
    if ((await countRecentEmails(this.#db, delivery.recipientId, delivery.notificationId)) >= this.#deps.hourlyCap) {
      return { later: `over the cap of ${this.#deps.hourlyCap} e-mails an hour`, inMs: HOUR_MS };
    }
    return { sent: await this.#deps.mailer.send(await this.compose(delivery)) };
  }

  async failedForGood(delivery: ClaimedDelivery): Promise<void> {
    if (delivery.email !== null) await markEmailFailing(this.#db, delivery.recipientId, delivery.email);
  }

  async compose(delivery: ClaimedDelivery): Promise<MailMessage & { to: string }> {
    const { origin, translatorFor, defaultLanguage, links, notifications } = this.#deps;
    const t = translatorFor(delivery.language ?? defaultLanguage);
    const text = notifications.render(delivery, t);
    const url = new URL(delivery.url, origin).href;
    const unsubscribe = new URL(
      `/unsubscribe/${await links.sign("unsubscribe", delivery.recipientId, { kind: delivery.kind }, UNSUBSCRIBE_LINK_DAYS)}`,
      origin,
    ).href;
    const settings = new URL("/notifications/settings", origin).href;
    const network = await this.#deps.networkName();
    return {
      id: `${delivery.notificationId}.email`,
      to: delivery.email!,
      subject: shorten(`${network}: ${text}`, 120),
      text: [
        text,
        "",
        `${t("email.open")} ${url}`,
        "",
        "-- ",
        t("email.footer", { network }),
        `${t("email.unsubscribe")} ${unsubscribe}`,
        `${t("email.settings")} ${settings}`,
      ].join("\n"),
      html: simpleHtml(t, [
        `<p>${escapeHtml(text)}</p>`,
        `<p><a href="${escapeHtml(url)}">${escapeHtml(t("email.openLink"))}</a></p>`,
        `<hr><p style="font-size:small">${escapeHtml(t("email.footer", { network }))}<br>`,
        `<a href="${escapeHtml(unsubscribe)}">${escapeHtml(t("email.unsubscribeLink"))}</a> · `,
        `<a href="${escapeHtml(settings)}">${escapeHtml(t("email.settingsLink"))}</a></p>`,
      ]),
      headers: {
        "List-Unsubscribe": `<${unsubscribe}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        ...(this.#deps.replyAddresses ? { "Reply-To": await this.#deps.replyAddresses.addressFor(delivery.notificationId) } : {}),
      },
    };
  }
}

export function simpleHtml(t: (key: string) => string, body: string[]): string {
  return (
    `<!doctype html><html lang="${escapeHtml(t("email.lang"))}"><head><meta charset="utf-8"></head>` +
    `<body>${body.join("")}</body></html>`
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
