import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { findMemberById, updateMember } from "../../db/queries/members.ts";
import { ConflictError, InvalidInputError } from "../errors.ts";
import { logger } from "../logging.ts";
import { escapeHtml, simpleHtml } from "../notifications/email-channel.ts";
import type { TranslatorFor } from "../notifications/ports.ts";
import type { SignedLinks } from "../notifications/signed-links.ts";
import type { Mailer } from "../notifications/smtp-mailer.ts";
import { parseOrThrow } from "../validation.ts";
import type { Member } from "./member.service.ts";
import { requireMember, type Viewer } from "./viewer.ts";

const log = logger("members", "settings");
const VERIFY_LINK_DAYS = 3;

export const emailSchema = z
  .email({ error: "use an e-mail address such as name@example.org" })
  .max(254, { error: "use at most 254 characters" })
  .transform((address) => address.trim());

/** An IANA zone such as Europe/Madrid (or UTC) that this server knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, { error: "use a time zone such as Europe/Madrid or America/Mexico_City" });

/** The member as they see themselves: their address is shown to them (and admins) only. */
export interface CurrentMemberView {
  id: string;
  username: string;
  displayName: string | null;
  role: Member["role"];
  email: string | null;
  emailVerified: boolean;
  /** Refused for good by its mail server: nothing is sent there until it changes or is verified again. */
  emailFailing: boolean;
  timeZone: string | null;
  language: string | null;
}

export function toCurrentMemberView(member: Member): CurrentMemberView {
  return {
    id: member.id,
    username: member.username,
    displayName: member.displayName,
    role: member.role,
    email: member.email,
    emailVerified: member.emailVerifiedAt !== null,
    emailFailing: member.emailFailingAt !== null,
    timeZone: member.timeZone,
    language: member.language,
  };
}

/** The body of updateCurrentMember: any of email (null removes it), timeZone, language. */
export function updateCurrentMemberSchema(languages: readonly [string, ...string[]]) {
  return z
    .object({
      email: emailSchema.nullable().optional(),
      timeZone: timeZoneSchema.nullable().optional(),
      language: z
        .enum(languages, { error: `use one of ${languages.join(", ")}` })
        .nullable()
        .optional(),
    })
    .strict()
    .refine((body) => Object.keys(body).length > 0, { error: "send at least one of email, timeZone, language" });
}

export interface MemberSettingsDeps {
  mailer: Mailer;
  links: SignedLinks;
  origin: URL;
  translatorFor: TranslatorFor;
  languages: readonly [string, ...string[]];
  defaultLanguage: string;
  networkName: () => Promise<string>;
}

/**
 * A member's own settings: their e-mail address (used once verified through a signed
 * link sent to it), time zone and language.
 */
export class MemberSettingsService {
  readonly #db: Database;
  readonly #deps: MemberSettingsDeps;
  readonly #schema: ReturnType<typeof updateCurrentMemberSchema>;

  constructor(db: Database, deps: MemberSettingsDeps) {
    this.#db = db;
    this.#deps = deps;
    this.#schema = updateCurrentMemberSchema(deps.languages);
  }

  /** Sends a test message (the CLI's `mail test`); answers what the SMTP server said. */
  async sendTestEmail(address: string): Promise<string> {
    const to = emailSchema.safeParse(address);
    if (!to.success) throw new InvalidInputError("ADDRESS", to.error.issues[0]!.message);
    if (!this.#deps.mailer.enabled) throw new ConflictError("E-mail is off: set SMTP_URL (and MAIL_FROM) first.");
    const network = await this.#deps.networkName();
    const text = `This is a test message from ${network}. E-mail works.`;
    try {
      return await this.#deps.mailer.send({ to: to.data, subject: `${network}: test message`, text, html: `<p>${escapeHtml(text)}</p>` });
    } catch (error) {
      throw new ConflictError(`The SMTP server refused the message: ${(error as Error).message}`);
    }
  }

  /** Whether this server can send e-mail at all (SMTP_URL is set). */
  get emailEnabled(): boolean {
    return this.#deps.mailer.enabled;
  }

  /**
   * Changes what the member sent. A new address is unverified until its link is opened;
   * answers whether that link was sent.
   */
  async update(viewer: Viewer, input: unknown): Promise<{ member: CurrentMemberView; verificationSent: boolean }> {
    const member = requireMember(viewer);
    const fields = parseOrThrow(this.#schema, input);
    const newEmail = fields.email !== undefined && fields.email !== member.email;
    const updated = (await updateMember(this.#db, member.id, {
      ...(fields.timeZone === undefined ? {} : { timeZone: fields.timeZone }),
      ...(fields.language === undefined ? {} : { language: fields.language }),
      ...(newEmail ? { email: fields.email, emailVerifiedAt: null, emailFailingAt: null } : {}),
    }))!;
    const verificationSent = newEmail && updated.email !== null ? await this.#sendVerification(updated) : false;
    return { member: toCurrentMemberView(updated), verificationSent };
  }

  /** Sends the verification link again (e.g. after the address failed). */
  async resendVerification(viewer: Viewer): Promise<boolean> {
    const member = requireMember(viewer);
    if (member.email === null) throw new ConflictError("Add an e-mail address first.");
    return this.#sendVerification(member);
  }

  /** Opens a verification link: the address it was sent to is verified, if it is still the member's. */
  async verifyEmail(token: string): Promise<CurrentMemberView> {
    const { memberId, claims } = await this.#deps.links.open("verify-email", token);
    const member = await findMemberById(this.#db, memberId);
    if (member === undefined || member.email === null || member.email !== claims.email) {
      throw new ConflictError("This link is for an address that is no longer on the account.");
    }
    const updated = (await updateMember(this.#db, member.id, { emailVerifiedAt: new Date(), emailFailingAt: null }))!;
    return toCurrentMemberView(updated);
  }

  async #sendVerification(member: Member): Promise<boolean> {
    if (!this.#deps.mailer.enabled) return false;
    const { links, origin, translatorFor, defaultLanguage } = this.#deps;
    const token = await links.sign("verify-email", member.id, { email: member.email! }, VERIFY_LINK_DAYS);
    const url = new URL(`/verify-email/${token}`, origin).href;
    const t = translatorFor(member.language ?? defaultLanguage);
    const network = await this.#deps.networkName();
    try {
      await this.#deps.mailer.send({
        to: member.email!,
        subject: t("email.verifySubject", { network }),
        text: `${t("email.verifyText", { network })}\n\n${url}\n\n${t("email.verifyIgnore")}`,
        html: simpleHtml(t, [
          `<p>${escapeHtml(t("email.verifyText", { network }))}</p>`,
          `<p><a href="${escapeHtml(url)}">${escapeHtml(t("email.verifyLink"))}</a></p>`,
          `<p>${escapeHtml(t("email.verifyIgnore"))}</p>`,
        ]),
      });
      return true;
    } catch (error) {
      // The log names the member, never the address.
      log.warn("Could not send {username} the link to check their address: {error}", {
        username: member.username,
        error: (error as Error).message,
      });
      return false;
    }
  }
}
