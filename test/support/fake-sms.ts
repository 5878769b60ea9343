import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";

/** One text a fake provider accepted. */
export interface SentSms {
  to: string;
  body: string;
}

/**
 * A local stand-in for an SMS provider's send API that checks credentials as the real one
 * does (HTTP Basic; a wrong pair is a 401) and keeps what it accepted. Tests wait on
 * `next()`, a signal, never on a sleep.
 */
export class FakeSmsProvider {
  readonly sent: SentSms[] = [];
  /** Requests refused for their credentials or shape. */
  refused = 0;
  /** Runs after a text is accepted and before the answer is sent; the answer waits for it. */
  beforeAnswer: ((sms: SentSms) => Promise<void>) | null = null;
  readonly #server: Server;
  readonly #waiting: ((sms: SentSms) => void)[] = [];
  readonly #read: (request: IncomingMessage, body: string) => SentSms | null;
  readonly #credentials: string;

  private constructor(credentials: { user: string; password: string }, read: (request: IncomingMessage, body: string) => SentSms | null) {
    this.#credentials = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}`;
    this.#read = read;
    this.#server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        if (request.headers.authorization !== this.#credentials) {
          this.refused += 1;
          response.writeHead(401, { "content-type": "application/json" }).end('{"message":"Authenticate"}');
          return;
        }
        const sms = this.#read(request, body);
        if (sms === null) {
          this.refused += 1;
          response.writeHead(400, { "content-type": "application/json" }).end('{"message":"Bad request"}');
          return;
        }
        this.sent.push(sms);
        this.#waiting.shift()?.(sms);
        const answer = () =>
          response
            .writeHead(201, { "content-type": "application/json" })
            .end(JSON.stringify({ sid: `SM${this.sent.length}`, status: "queued" }));
        if (this.beforeAnswer === null) answer();
        else void this.beforeAnswer(sms).then(answer, answer);
      });
    });
  }

  /** Twilio's Messages API: POST /2010-04-01/Accounts/{sid}/Messages.json, form To, From, Body. */
  static twilio(accountSid: string, authToken: string, from: string): Promise<FakeSmsProvider> {
    return new FakeSmsProvider({ user: accountSid, password: authToken }, (request, body) => {
      if (request.method !== "POST" || request.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) return null;
      const form = new URLSearchParams(body);
      if (form.get("From") !== from || !form.get("To") || !form.get("Body")) return null;
      return { to: form.get("To")!, body: form.get("Body")! };
    }).#listen();
  }

  /** SMS Gateway for Android's send API: POST /message, JSON { message, phoneNumbers }. */
  static androidGateway(user: string, password: string): Promise<FakeSmsProvider> {
    return new FakeSmsProvider({ user, password }, (request, body) => {
      if (request.method !== "POST" || request.url !== "/message") return null;
      const json = JSON.parse(body) as { message?: string; phoneNumbers?: string[] };
      if (typeof json.message !== "string" || json.phoneNumbers?.length !== 1) return null;
      return { to: json.phoneNumbers[0]!, body: json.message };
    }).#listen();
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The next text this fake accepts (or one it already holds beyond `seen`). */
  next(seen: number = this.sent.length): Promise<SentSms> {
    if (this.sent.length > seen) return Promise.resolve(this.sent[seen]!);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #listen(): Promise<FakeSmsProvider> {
    return new Promise((resolve) => this.#server.listen(0, "127.0.0.1", () => resolve(this)));
  }
}

/** The Twilio account the SMS tests configure, and the fake's sending number. */
export const SID = `AC${"a1".repeat(16)}`;
export const TOKEN = "twilio-auth-token-0123456789";
export const FROM = "+15005550006";
/** A real-looking sender; locally written as (415) 555-2671. */
export const NUMBER = "+14155552671";

/** The Twilio settings of an instance whose texts go to `fake`. */
export function twilioEnv(fake: FakeSmsProvider): Record<string, string> {
  return { SMS_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: FROM, TWILIO_API_BASE: fake.url };
}

let messages = 0;
/** Texts `body` to the instance as Twilio would, signed (with Twilio's own library) unless told otherwise. */
export async function twilioText(
  instance: { url: string; config: { origin: URL } },
  body: string,
  options: { from?: string; messageSid?: string; signature?: string | null } = {},
): Promise<Response> {
  const params = {
    MessageSid: options.messageSid ?? `SM${String(++messages).padStart(32, "0")}`,
    AccountSid: SID,
    From: options.from ?? NUMBER,
    To: FROM,
    Body: body,
  };
  const url = `${instance.config.origin.origin}/webhooks/sms/twilio`;
  const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(TOKEN, url, params) : options.signature;
  return fetch(`${instance.url}/webhooks/sms/twilio`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(signature === null ? {} : { "x-twilio-signature": signature }) },
    body: new URLSearchParams(params),
  });
}
