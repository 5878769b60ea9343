import { Hono } from "hono";
import type { SmsProviderConfig } from "../../src/config.ts";
import { logger } from "../../src/logging.ts";
import { readGatewayWebhook } from "../../src/sms/providers/android-gateway.ts";
import type { InboundSms } from "../../src/sms/providers/provider.ts";
import { readTwilioWebhook, verifyTwilioSignature } from "../../src/sms/providers/twilio.ts";
import { verifyWebhookSignature } from "../../src/sms/signed-webhook.ts";
import type { SmsConversationService } from "../../src/sms/sms-conversation.service.ts";

const log = logger("web", "sms");

/**
 * The SMS providers' inbound webhooks. Mounted outside the CSRF check (a provider posts
 * cross-site by nature): the signature is what lets a request in. A missing or wrong
 * signature is a 403 that changes nothing; only the configured provider's path exists.
 */
export function smsWebhookRoutes(sms: SmsConversationService, provider: SmsProviderConfig, origin: URL) {
  const app = new Hono();
  if (provider.name === "twilio") {
    app.post("/webhooks/sms/twilio", async (c) => {
      const raw = await c.req.text();
      const params = Object.fromEntries(new URLSearchParams(raw));
      // Twilio signs the URL it called: our public ORIGIN, even behind a TLS proxy.
      const requested = new URL(c.req.url);
      const url = new URL(requested.pathname + requested.search, origin).href;
      if (!verifyTwilioSignature(provider.authToken, url, params, c.req.header("x-twilio-signature"))) {
        return refuse();
      }
      await handle(sms, readTwilioWebhook(params));
      // An empty TwiML answer: our reply goes out through the API, in the sender's language.
      return c.body("<Response></Response>", 200, { "content-type": "text/xml" });
    });
  } else {
    app.post("/webhooks/sms/android-gateway", async (c) => {
      const raw = await c.req.text();
      const signed = verifyWebhookSignature(
        provider.signingKey,
        raw,
        { signature: c.req.header("x-signature"), timestamp: c.req.header("x-timestamp") },
        Date.now(),
      );
      if (!signed) return refuse();
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return Response.json({ error: "body: expects JSON" }, { status: 400 });
      }
      await handle(sms, readGatewayWebhook(body));
      return Response.json({ ok: true });
    });
  }
  return app;
}

function refuse(): Response {
  log.warn("An SMS webhook without a valid signature was refused");
  return Response.json({ error: "signature: missing or invalid" }, { status: 403 });
}

async function handle(sms: SmsConversationService, inbound: InboundSms | null): Promise<void> {
  // Other events (delivery reports) are acknowledged and ignored.
  if (inbound !== null) await sms.receive(inbound);
}
