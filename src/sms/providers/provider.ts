import { timingSafeEqual as timingSafeEqualBuffers } from "node:crypto";

/** One text message received from a provider's webhook, after its signature checked out. */
export interface InboundSms {
  /** The provider's own id ("SM…" for Twilio): a retried delivery carries the same one. */
  providerMessageId: string;
  /** The sender's number as the provider gave it (normalised to E.164 by the conversation). */
  from: string;
  body: string;
}

/** Sends one text through the network's provider; rejects with `SmsSendError` when the provider refuses. */
export interface SmsSender {
  /** "twilio" or "android-gateway", as SMS_PROVIDER names it. */
  readonly name: string;
  send(to: string, body: string): Promise<void>;
}

/** The provider refused or could not be reached; the message says why, never whom to. */
export class SmsSendError extends Error {
  override name = "SmsSendError";
}

/** Compares two signatures in constant time. */
export function sameSignature(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqualBuffers(a, b);
}
