import type { Database } from "../../db/database.ts";
import { listDigestItems } from "../../db/queries/digests.ts";
import { markEmailFailing } from "../../db/queries/members.ts";
import type { ClaimedDelivery } from "../../db/queries/notification-deliveries.ts";
import type { ChannelOutcome, ChannelSender } from "./delivery.service.ts";
import { DIGEST_KIND } from "./digest.service.ts";
import { HourlyCap } from "./hourly-cap.ts";
import type { NotificationService } from "./notification.service.ts";
import type { TranslatorFor } from "./ports.ts";
import type { ReplyAddresses } from "./reply-addresses.ts";
import type { SignedLinks } from "./signed-links.ts";
import type { Mailer, MailMessage } from "./smtp-mailer.ts";

const UNSUBSCRIBE_LINK_DAYS = 90;
const HOUR_MS = 3_600_000;
/** A digest lists at most this many notices; the notifications page has the rest. */
const DIGEST_ITEMS_SHOWN = 50;

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
  readonly #cap: HourlyCap;

  constructor(db: Database, deps: EmailChannelDeps) {
    this.#db = db;
    this.#deps = deps;
    this.#cap = new HourlyCap(db, "email", deps.hourlyCap);
  }

  async send(delivery: ClaimedDelivery): Promise<ChannelOutcome> {
    if (delivery.email === null || !delivery.emailReady) return { skipped: "no verified address" };
    if (await this.#cap.reached(delivery)) return { later: `over the cap of ${this.#cap.limit} e-mails an hour`, inMs: HOUR_MS };
    return { sent: await this.#deps.mailer.send(await this.compose(delivery)) };
  }

  async failedForGood(delivery: ClaimedDelivery): Promise<void> {
    if (delivery.email !== null) await markEmailFailing(this.#db, delivery.recipientId, delivery.email);
  }

  async compose(delivery: ClaimedDelivery): Promise<MailMessage & { to: string }> {
    if (delivery.kind === DIGEST_KIND) return this.#composeDigest(delivery);
    const { origin, translatorFor, defaultLanguage, notifications } = this.#deps;
    const t = translatorFor(delivery.language ?? defaultLanguage);
    const text = notifications.render(delivery, t, delivery.timeZone);
    const url = new URL(delivery.url, origin).href;
    const footer = await this.#footer(delivery, t, "email.unsubscribe");
    return {
      id: `${delivery.notificationId}.email`,
      to: delivery.email!,
      subject: shorten(`${footer.network}: ${text}`, 120),
      text: [text, "", `${t("email.open")} ${url}`, ...footer.text].join("\n"),
      html: simpleHtml(t, [
        `<p>${escapeHtml(text)}</p>`,
        `<p><a href="${escapeHtml(url)}">${escapeHtml(t("email.openLink"))}</a></p>`,
        ...footer.html,
      ]),
      headers: {
        ...footer.headers,
        ...(this.#deps.replyAddresses ? { "Reply-To": await this.#deps.replyAddresses.addressFor(delivery.notificationId) } : {}),
      },
    };
  }

  /**
   * A digest: one line per notice it carries (the same sentence as in the app, which never
   * names a person, a contact or an address), each with its page, oldest first.
   */
  async #composeDigest(delivery: ClaimedDelivery): Promise<MailMessage & { to: string }> {
    const { origin, translatorFor, defaultLanguage, notifications } = this.#deps;
    const t = translatorFor(delivery.language ?? defaultLanguage);
    const items = await listDigestItems(this.#db, delivery.notificationId);
    const shown = items.slice(0, DIGEST_ITEMS_SHOWN).map((item) => ({
      text: notifications.render(item, t, delivery.timeZone),
      url: new URL(item.url, origin).href,
    }));
    const more = items.length - shown.length;
    const all = new URL("/notifications", origin).href;
    const footer = await this.#footer(delivery, t, "email.unsubscribeDigest");
    return {
      id: `${delivery.notificationId}.email`,
      to: delivery.email!,
      subject: t("email.digestSubject", { network: footer.network, count: items.length }),
      text: [
        t("email.digestIntro"),
        "",
        ...shown.flatMap((item) => [`- ${item.text}`, `  ${item.url}`]),
        ...(more > 0 ? ["", `${t("email.digestMore", { count: more })} ${all}`] : []),
        ...footer.text,
      ].join("\n"),
      html: simpleHtml(t, [
        `<p>${escapeHtml(t("email.digestIntro"))}</p><ul>`,
        ...shown.map((item) => `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.text)}</a></li>`),
        "</ul>",
        ...(more > 0 ? [`<p><a href="${escapeHtml(all)}">${escapeHtml(t("email.digestMore", { count: more }))}</a></p>`] : []),
        ...footer.html,
      ]),
      headers: footer.headers,
    };
  }

  /**
   * Every message's end: why it came, a one-click unsubscribe (RFC 8058) from its kind (a
   * digest's: from the kinds that go to digests) and the settings page.
   */
  async #footer(
    delivery: ClaimedDelivery,
    t: (key: string, params?: Record<string, unknown>) => string,
    unsubscribeLabel: "email.unsubscribe" | "email.unsubscribeDigest",
  ) {
    const { origin, links } = this.#deps;
    const token = await links.sign("unsubscribe", delivery.recipientId, { kind: delivery.kind }, UNSUBSCRIBE_LINK_DAYS);
    const unsubscribe = new URL(`/unsubscribe/${token}`, origin).href;
    const settings = new URL("/notifications/settings", origin).href;
    const network = await this.#deps.networkName();
    return {
      network,
      text: ["", "-- ", t("email.footer", { network }), `${t(unsubscribeLabel)} ${unsubscribe}`, `${t("email.settings")} ${settings}`],
      html: [
        `<hr><p style="font-size:small">${escapeHtml(t("email.footer", { network }))}<br>`,
        `<a href="${escapeHtml(unsubscribe)}">${escapeHtml(t(`${unsubscribeLabel}Link`))}</a> · `,
        `<a href="${escapeHtml(settings)}">${escapeHtml(t("email.settingsLink"))}</a></p>`,
      ],
      headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    };
  }
}

export function simpleHtml(t: (key: string) => string, body: string[]): string {
  return (
    `<!doctype html><html lang="${escapeHtml(t("email.lang"))}" dir="${escapeHtml(t("email.dir"))}"><head><meta charset="utf-8"></head>` +
    `<body>${body.join("")}</body></html>`
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
