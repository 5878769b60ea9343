import { createHash } from "node:crypto";
import type { AddressObject } from "mailparser";
import { z } from "zod";
import { InvalidInputError } from "../errors.ts";

/** A whole message, attachments included, as the SMTP listener announces (SIZE) and the webhook accepts. */
export const MAX_EMAIL_BYTES = 10 * 1024 * 1024;
/** The text kept of one message; anything longer is cut, and the cut is noted. */
export const MAX_EMAIL_TEXT = 1024 * 1024;

/** One e-mail as the intake reads it: never its attachments, only their names. */
export interface InboundEmail {
  /** `email:<Message-ID>`, or a hash of the message when it has none: retries are handled once. */
  providerId: string;
  /** The sender's address, lower-cased. */
  from: string;
  /** Every address it was sent to (the envelope's, or else To, Cc and Delivered-To), lower-cased. */
  recipients: string[];
  subject: string;
  /** The new words of the message: quoted earlier messages and signatures after "-- " are left out. */
  text: string;
  /** The names of attachments that were dropped. */
  droppedAttachments: string[];
  /** The provider ids (`email:<id>`) of the messages it answers (In-Reply-To and References). */
  answers: string[];
  /** An auto-reply, a bounce or a list's mail: answering it could start a loop, so it is not stored. */
  automatic: boolean;
  textWasCut: boolean;
}

const emailAddress = z.email();

/**
 * Reads a raw RFC 822 message with mailparser (MIME, encodings, character sets and quoted
 * headers are a standard's worth of edge cases). A message without a readable sender is
 * refused, naming `from`. mailparser is loaded on the first message: an instance that takes
 * no e-mail never holds it (about 7 MB of heap; bench/results/README.md, memory).
 */
export async function readEmail(raw: Buffer, envelopeRecipients: readonly string[] = []): Promise<InboundEmail> {
  if (raw.length > MAX_EMAIL_BYTES) throw new InvalidInputError("message", `may be at most ${MAX_EMAIL_BYTES / 1024 / 1024} MB`);
  const { simpleParser } = await import("mailparser");
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const from = addressesOf(mail.from)[0];
  if (from === undefined) throw new InvalidInputError("from", "the message has no sender address");
  const headerRecipients = [mail.to, mail.cc].flatMap(addressesOf);
  const deliveredTo = mail.headers.get("delivered-to");
  if (typeof deliveredTo === "string" && emailAddress.safeParse(deliveredTo.trim()).success) {
    headerRecipients.push(deliveredTo.trim().toLowerCase());
  }
  const recipients = envelopeRecipients.length > 0 ? envelopeRecipients.map((a) => a.toLowerCase()) : headerRecipients;
  const messageId = mail.messageId?.replace(/^<|>$/g, "").trim();
  const providerId = messageId ? `email:${messageId}` : `email:sha256:${createHash("sha256").update(raw).digest("hex")}`;
  const references = [mail.inReplyTo ?? "", ...(Array.isArray(mail.references) ? mail.references : [mail.references ?? ""])]
    .flatMap((value) => value.split(/\s+/))
    .map((id) => id.replace(/^<|>$/g, "").trim())
    .filter((id) => id !== "");
  const fullText = newWords(mail.text ?? "");
  return {
    providerId,
    from,
    recipients: [...new Set(recipients)],
    subject: (mail.subject ?? "").replace(/\s+/g, " ").trim().slice(0, 300),
    text: fullText.slice(0, MAX_EMAIL_TEXT),
    textWasCut: fullText.length > MAX_EMAIL_TEXT,
    droppedAttachments: mail.attachments.map((a) => a.filename ?? a.contentType),
    answers: [...new Set(references)].map((id) => `email:${id}`),
    automatic: isAutomatic(from, mail.headers),
  };
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects
    .flatMap((o) => o.value)
    .map((a) => a.address?.trim().toLowerCase() ?? "")
    .filter((a) => emailAddress.safeParse(a).success);
}

/**
 * The words someone wrote, without the earlier message their client quoted below them
 * ("On … wrote:", "El … escribió:", "-----Original Message-----", "> " lines) or their
 * signature: a coordinator reads the new part, and a reply does not repeat the notice.
 */
export function newWords(text: string): string {
  const kept: string[] = [];
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^(On|El|Le|Am) .{1,300}(wrote|escribió|a écrit|schrieb):\s*$/i.test(line.trim())) break;
    if (/^-{2,}\s*(Original Message|Mensaje original)/i.test(line.trim())) break;
    if (line === "-- ") break;
    if (line.startsWith(">")) continue;
    kept.push(line);
  }
  return kept.join("\n").trim();
}

/** RFC 3834's Auto-Submitted, and the older signs of mail no person wrote. */
function isAutomatic(from: string, headers: Map<string, unknown>): boolean {
  const autoSubmitted = String(headers.get("auto-submitted") ?? "no").toLowerCase();
  const precedence = String(headers.get("precedence") ?? "").toLowerCase();
  return (
    !autoSubmitted.startsWith("no") ||
    ["bulk", "junk", "list", "auto_reply"].includes(precedence) ||
    headers.has("x-autoreply") ||
    headers.has("x-autorespond") ||
    headers.has("list-id") ||
    /^(mailer-daemon|postmaster|no-?reply)@/.test(from)
  );
}
