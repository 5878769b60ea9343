import { Hono } from "hono";
import { InvalidInputError, RateLimitedError } from "../../src/errors.ts";
import { logger } from "../../src/logging.ts";
import type { EmailIntakeService } from "../../src/sms/email-intake.service.ts";
import { MAX_EMAIL_BYTES } from "../../src/sms/inbound-email.ts";
import { verifyWebhookSignature } from "../../src/sms/signed-webhook.ts";
import { limitBody } from "../body-limit.ts";

const log = logger("web", "email");

/**
 * `POST /webhooks/email`: a raw RFC 822 message from a mail provider's inbound routing,
 * signed with INBOUND_EMAIL_SECRET (X-Signature: hex HMAC-SHA256 of the body followed by
 * X-Timestamp). Mounted outside the CSRF check and before the app's 1 MB body cap, with its
 * own: a message with attachments may be larger, and its attachments are dropped.
 */
export function emailWebhookRoutes(intake: EmailIntakeService, secret: string) {
  const app = new Hono();
  app.post("/webhooks/email", limitBody(MAX_EMAIL_BYTES, `A message may be at most ${MAX_EMAIL_BYTES / 1024 / 1024} MB.`), async (c) => {
    const raw = Buffer.from(await c.req.arrayBuffer());
    const headers = { signature: c.req.header("x-signature"), timestamp: c.req.header("x-timestamp") };
    if (!verifyWebhookSignature(secret, raw, headers, Date.now())) {
      log.warn("An e-mail webhook without a valid signature was refused");
      return c.json({ error: "signature: missing or invalid" }, 403);
    }
    try {
      const result = await intake.receive(raw);
      return c.json({ result }, result === "stored" ? 201 : 200);
    } catch (error) {
      if (error instanceof InvalidInputError) return c.json({ error: error.message, fields: { [error.field]: error.message } }, 422);
      if (error instanceof RateLimitedError) {
        c.header("retry-after", String(Math.ceil(error.retryAfterSeconds)));
        return c.json({ error: error.message }, 429);
      }
      throw error;
    }
  });
  return app;
}
