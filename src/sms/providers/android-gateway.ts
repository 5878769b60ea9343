import { createHash } from "node:crypto";
import { z } from "zod";
import { type InboundSms, SmsSendError, type SmsSender } from "./provider.ts";

const receivedEvent = z.object({
  event: z.string(),
  /** The event's id: the same on the app's retries of one delivery, different for every message. */
  id: z.string().min(1).max(200).optional(),
  payload: z
    .object({
      phoneNumber: z.string().min(1).max(40),
      message: z.string().max(5000),
      receivedAt: z.string().max(100).optional(),
    })
    .optional(),
});

/**
 * The message in a verified gateway webhook; null for other events (the app also reports
 * sent and delivered messages) or a body we cannot read. Retries are recognised by the
 * event's `id`, not by `payload.messageId`: the app derives that from the text, so two
 * people (or one, twice) sending "yes" would share it. Versions without an event id get
 * the sender, the time and the text as the key.
 */
export function readGatewayWebhook(body: unknown): InboundSms | null {
  const parsed = receivedEvent.safeParse(body);
  if (!parsed.success || parsed.data.event !== "sms:received" || parsed.data.payload === undefined) return null;
  const { payload, id } = parsed.data;
  const key =
    id ??
    `sha256:${createHash("sha256")
      .update(`${payload.phoneNumber}\n${payload.receivedAt ?? ""}\n${payload.message}`)
      .digest("hex")}`;
  return { providerMessageId: `android-gateway:${key}`, from: payload.phoneNumber, body: payload.message };
}

/** Sends through the gateway's send API: POST {SMS_GATEWAY_URL}/message with basic auth. */
export class AndroidGatewaySender implements SmsSender {
  readonly name = "android-gateway";
  readonly #options: { url: URL; user: string; password: string };

  constructor(options: { url: URL; user: string; password: string }) {
    this.#options = options;
  }

  async send(to: string, body: string): Promise<void> {
    const { url, user, password } = this.#options;
    const endpoint = new URL(`${url.pathname.replace(/\/$/, "")}/message`, url);
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ message: body, phoneNumbers: [to] }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new SmsSendError(`The SMS gateway could not be reached: ${(error as Error).message}`);
    }
    if (!response.ok) throw new SmsSendError(`The SMS gateway refused the message: HTTP ${response.status}`);
  }
}
