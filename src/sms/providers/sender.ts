import type { SmsProviderConfig } from "../../config.ts";
import { AndroidGatewaySender } from "./android-gateway.ts";
import type { SmsSender } from "./provider.ts";
import { TwilioSender } from "./twilio.ts";

/** The sender for the provider SMS_PROVIDER chose. */
export function smsSenderFor(provider: SmsProviderConfig): SmsSender {
  return provider.name === "twilio" ? new TwilioSender(provider) : new AndroidGatewaySender(provider);
}
