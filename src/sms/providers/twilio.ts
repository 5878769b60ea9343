import { createHmac } from "node:crypto";
import { type InboundSms, SmsSendError, type SmsSender, sameSignature } from "./provider.ts";

/**
 * Twilio's request signature, as Twilio documents it: HMAC-SHA1 (keyed with the auth
 * token) of the full URL Twilio called, followed by each POST parameter's name and value
 * in name order; base64.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const payload = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac("sha1", authToken).update(payload, "utf8").digest("base64");
}

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): boolean {
  if (signature === undefined || signature === "") return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  return sameSignature(expected, Buffer.from(signature));
}

/** The message in a verified Twilio webhook, or null when it carries none. */
export function readTwilioWebhook(params: Record<string, string>): InboundSms | null {
  const { MessageSid, From, Body } = params;
  if (!MessageSid || !From || Body === undefined) return null;
  return { providerMessageId: `twilio:${MessageSid}`, from: From, body: Body };
}

/** Sends through Twilio's Messages API (`apiBase` is https://api.twilio.com unless TWILIO_API_BASE says otherwise). */
export class TwilioSender implements SmsSender {
  readonly name = "twilio";
  readonly #options: { accountSid: string; authToken: string; from: string; apiBase: URL };

  constructor(options: { accountSid: string; authToken: string; from: string; apiBase: URL }) {
    this.#options = options;
  }

  async send(to: string, body: string): Promise<void> {
    const { accountSid, authToken, from, apiBase } = this.#options;
    const url = new URL(`/2010-04-01/Accounts/${accountSid}/Messages.json`, apiBase);
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ To: to, From: from, Body: body }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new SmsSendError(`Twilio could not be reached: ${(error as Error).message}`);
    }
    if (!response.ok) throw new SmsSendError(`Twilio refused the message: HTTP ${response.status}`);
  }
}
