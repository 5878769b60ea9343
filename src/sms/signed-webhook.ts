import { createHmac } from "node:crypto";
import { sameSignature } from "./providers/provider.ts";

/** A webhook signed further than this from our clock is refused (replays, stale retries). */
export const WEBHOOK_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * The signature SMS Gateway for Android puts on its webhooks, which the e-mail webhook uses
 * too: hex HMAC-SHA256 of the raw body followed by the X-Timestamp header (Unix seconds).
 */
export function webhookSignature(key: string, rawBody: string | Buffer, timestamp: string): string {
  return createHmac("sha256", key)
    .update(typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody)
    .update(timestamp, "utf8")
    .digest("hex");
}

/** Whether X-Signature and X-Timestamp are present, recent, and sign this body with `key`. */
export function verifyWebhookSignature(
  key: string,
  rawBody: string | Buffer,
  headers: { signature: string | undefined; timestamp: string | undefined },
  nowMs: number,
): boolean {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > WEBHOOK_CLOCK_SKEW_SECONDS) return false;
  const expected = Buffer.from(webhookSignature(key, rawBody, timestamp));
  return sameSignature(expected, Buffer.from(signature.toLowerCase()));
}
