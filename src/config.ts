import { z } from "zod";

/**
 * The instance's configuration, read from environment variables once at start-up.
 * Every variable is documented in the README; keep the two in step.
 */
export interface Config {
  port: number;
  host: string;
  origin: URL;
  dataDir: string;
  databaseUrl: string | undefined;
  networkHandle: string;
  networkName: string;
  networkSummary: string;
  nodeRole: NodeRole;
  allowPrivateAddress: boolean;
  logLevel: LogLevel;
  /** Bearer token that unlocks /metrics; without one, /metrics is served only on a loopback METRICS_PORT. */
  metricsToken: string | undefined;
  /** A separate listener for /health, /ready and /metrics, e.g. for worker processes, which serve no HTTP. */
  metricsListener: { port: number; host: string } | null;
  /** How long a worker holds a queue message before another worker may take it over. */
  queueLeaseMs: number;
  /** How many queue messages (deliveries, mostly waiting on the network) one worker handles at once. */
  queueConcurrency: number;
  /** How many reverse proxies stand in front: 0 trusts no X-Forwarded-For (rate limits use the socket's address). */
  trustedProxies: number;
  /** The SMTP server that sends e-mail (smtp:// or smtps://, with credentials); without it the e-mail channel is off. */
  smtpUrl: URL | undefined;
  /** The From of every e-mail: an address, optionally with a name ("Eastside Aid <aid@example.org>"). */
  mailFrom: string;
  /** At most this many e-mails to one member in an hour; the rest wait. */
  emailHourlyCap: number;
  /** At most this many pushes to one member in an hour; the rest stay in the app (and any digest). */
  pushHourlyCap: number;
  /** Texting in and out (SMS_PROVIDER); null when the network has no SMS number. */
  sms: SmsConfig | null;
  /** The open books' currency, an ISO 4217 code (CURRENCY). */
  currency: string;
  /** The network's language (NETWORK_LANGUAGE): pages for browsers that ask for none we have, and e-mails to members who chose none. */
  networkLanguage: string;
  /** E-mail into the dispatcher queue (INBOUND_SMTP_PORT and/or INBOUND_EMAIL_SECRET); null when neither is set. */
  emailIntake: EmailIntakeConfig | null;
}

export interface EmailIntakeConfig {
  /** The address people write to (INBOUND_EMAIL_ADDRESS); notices' Reply-To addresses share its domain. */
  address: string;
  /** The SMTP listener, if INBOUND_SMTP_PORT is set. */
  smtp: { port: number; host: string } | null;
  /** The webhook's HMAC key (INBOUND_EMAIL_SECRET); null: POST /webhooks/email does not exist. */
  webhookSecret: string | null;
}

export const SMS_PROVIDERS = ["twilio", "android-gateway"] as const;

export type SmsProviderConfig =
  | { name: "twilio"; accountSid: string; authToken: string; from: string; apiBase: URL }
  | { name: "android-gateway"; url: URL; user: string; password: string; signingKey: string };

export interface SmsConfig {
  provider: SmsProviderConfig;
  /** Where local numbers (without +country) are from, e.g. "US", "MX". */
  defaultCountry: string;
  /** Inbound messages one number may send an hour before they are stored but not answered. */
  inboundPerHour: number;
}

export const NODE_ROLES = ["all", "web", "worker"] as const;
export type NodeRole = (typeof NODE_ROLES)[number];
export const LOG_LEVELS = ["trace", "debug", "info", "warning", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Thrown when the environment is unusable; the message names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "expects true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const originUrl = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "expects an absolute http(s) URL such as https://aid.example.org" });
    return z.NEVER;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    ctx.addIssue({ code: "custom", message: "expects an http or https URL" });
    return z.NEVER;
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || url.username !== "") {
    ctx.addIssue({ code: "custom", message: "expects only scheme, host and port, with no path, query or credentials" });
    return z.NEVER;
  }
  return url;
});

// Mastodon accepts usernames of letters, digits and underscores; a handle outside that
// set could not be followed from Mastodon.
const handle = z.string().regex(/^[a-z0-9_]{1,30}$/, { error: "expects 1 to 30 lower-case letters, digits or underscores" });

const port = z.coerce
  .number({ error: "expects a port number" })
  .int({ error: "expects a whole port number" })
  .min(0, { error: "expects a port from 0 to 65535" })
  .max(65535, { error: "expects a port from 0 to 65535" });

/** Addresses only this machine can reach: metrics there need no token. */
export const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1, { error: "expects a host name or address" }).default("127.0.0.1"),
  ORIGIN: originUrl.optional(),
  DATA_DIR: z.string().min(1, { error: "expects a folder path" }).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "expects a postgres:// or postgresql:// URL" })
    .optional(),
  NETWORK_HANDLE: handle.default("network"),
  NETWORK_NAME: z
    .string()
    .trim()
    .min(1, { error: "expects a non-empty name" })
    .max(100, { error: "expects at most 100 characters" })
    .default("Mutual aid network"),
  NETWORK_SUMMARY: z.string().max(1000, { error: "expects at most 1000 characters" }).default(""),
  NODE_ROLE: z.enum(NODE_ROLES, { error: `expects one of ${NODE_ROLES.join(", ")}` }).default("all"),
  ALLOW_PRIVATE_ADDRESS: booleanFlag.default(false),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expects one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,200}$/, { error: "expects 16 to 200 printable characters without spaces" })
    .optional(),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1, { error: "expects a host name or address" }).default("127.0.0.1"),
  NETWORK_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, { error: "expects a language code such as en, es, fr, pt-BR or ar" })
    .default("en"),
  CURRENCY: z
    .string()
    .refine((code) => Intl.supportedValuesOf("currency").includes(code), {
      error: "expects an ISO 4217 currency code such as USD, EUR or MXN",
    })
    .default("USD"),
  INBOUND_SMTP_PORT: port.optional(),
  INBOUND_SMTP_HOST: z.string().min(1, { error: "expects a host name or address" }).default("0.0.0.0"),
  INBOUND_EMAIL_ADDRESS: z.email({ error: "expects the address people write to, such as help@example.org" }).optional(),
  INBOUND_EMAIL_SECRET: z.string().min(16, { error: "expects the webhook's signing secret (at least 16 characters)" }).optional(),
  QUEUE_LEASE_SECONDS: z.coerce
    .number({ error: "expects a number of seconds" })
    .min(1, { error: "expects at least 1 second" })
    .max(3600, { error: "expects at most 3600 seconds" })
    .default(60),
  QUEUE_CONCURRENCY: z.coerce
    .number({ error: "expects a number" })
    .int({ error: "expects a whole number" })
    .min(1, { error: "expects at least 1" })
    .max(256, { error: "expects at most 256" })
    .default(16),
  TRUST_PROXY: z.coerce
    .number({ error: "expects how many reverse proxies stand in front of Mycelium (0 for none)" })
    .int({ error: "expects a whole number of proxies" })
    .min(0, { error: "expects 0 to 5 proxies" })
    .max(5, { error: "expects 0 to 5 proxies" })
    .default(0),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "expects an smtp:// or smtps:// URL such as smtps://user:password@smtp.example.org:465" })
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]{1,100} <[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
      error: 'expects an address, or a name and an address: "Eastside Aid <aid@example.org>"',
    })
    .optional(),
  EMAIL_HOURLY_CAP: z.coerce
    .number({ error: "expects a number" })
    .int({ error: "expects a whole number" })
    .min(1, { error: "expects at least 1" })
    .max(1000, { error: "expects at most 1000" })
    .default(20),
  PUSH_HOURLY_CAP: z.coerce
    .number({ error: "expects a number" })
    .int({ error: "expects a whole number" })
    .min(1, { error: "expects at least 1" })
    .max(1000, { error: "expects at most 1000" })
    .default(10),
  SMS_PROVIDER: z.enum(SMS_PROVIDERS, { error: `expects one of ${SMS_PROVIDERS.join(", ")}` }).optional(),
  SMS_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: "expects a two-letter country code such as US or MX" })
    .default("US"),
  SMS_INBOUND_PER_HOUR: z.coerce
    .number({ error: "expects a number of messages" })
    .int({ error: "expects a whole number" })
    .min(1, { error: "expects at least 1" })
    .max(1000, { error: "expects at most 1000" })
    .default(30),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, { error: "expects an account SID (AC and 32 hex digits)" })
    .optional(),
  TWILIO_AUTH_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,100}$/, { error: "expects the account's auth token" })
    .optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, { error: "expects the sending number in E.164, such as +15005550006" })
    .optional(),
  TWILIO_API_BASE: originUrl.default(new URL("https://api.twilio.com")),
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/, error: "expects the gateway's http(s) URL" }).optional(),
  SMS_GATEWAY_USER: z.string().min(1, { error: "expects the gateway's user name" }).optional(),
  SMS_GATEWAY_PASSWORD: z.string().min(1, { error: "expects the gateway's password" }).optional(),
  SMS_GATEWAY_SIGNING_KEY: z.string().min(16, { error: "expects the webhook signing key (at least 16 characters)" }).optional(),
});

type Env = z.infer<typeof envSchema>;

/** The chosen provider's settings; every variable it needs must be set. */
function smsConfig(e: Env): SmsConfig | null {
  if (e.SMS_PROVIDER === undefined) return null;
  const required = <K extends keyof Env>(name: K): NonNullable<Env[K]> => {
    const value = e[name];
    if (value === undefined) throw new ConfigError(`SMS_PROVIDER=${e.SMS_PROVIDER} needs ${String(name)}`);
    return value as NonNullable<Env[K]>;
  };
  const provider: SmsProviderConfig =
    e.SMS_PROVIDER === "twilio"
      ? {
          name: "twilio",
          accountSid: required("TWILIO_ACCOUNT_SID"),
          authToken: required("TWILIO_AUTH_TOKEN"),
          from: required("TWILIO_FROM"),
          apiBase: e.TWILIO_API_BASE,
        }
      : {
          name: "android-gateway",
          url: new URL(required("SMS_GATEWAY_URL")),
          user: required("SMS_GATEWAY_USER"),
          password: required("SMS_GATEWAY_PASSWORD"),
          signingKey: required("SMS_GATEWAY_SIGNING_KEY"),
        };
  return { provider, defaultCountry: e.SMS_DEFAULT_COUNTRY, inboundPerHour: e.SMS_INBOUND_PER_HOUR };
}

function emailIntakeConfig(e: Env): EmailIntakeConfig | null {
  if (e.INBOUND_SMTP_PORT === undefined && e.INBOUND_EMAIL_SECRET === undefined) return null;
  const host = (e.ORIGIN ?? new URL(`http://localhost:${e.PORT}`)).hostname;
  return {
    address: (e.INBOUND_EMAIL_ADDRESS ?? `help@${host}`).toLowerCase(),
    smtp: e.INBOUND_SMTP_PORT === undefined ? null : { port: e.INBOUND_SMTP_PORT, host: e.INBOUND_SMTP_HOST },
    webhookSecret: e.INBOUND_EMAIL_SECRET ?? null,
  };
}

/**
 * Parses the environment. Empty strings count as unset, as in most `.env` tooling.
 * @throws ConfigError naming the first bad variable and what it expects.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    throw new ConfigError(`${variable}=${JSON.stringify(present[variable] ?? "")} is invalid: ${variable} ${issue.message}`);
  }
  const e = parsed.data;
  if (e.NODE_ROLE !== "all" && e.DATABASE_URL === undefined) {
    throw new ConfigError(
      `NODE_ROLE=${e.NODE_ROLE} needs DATABASE_URL: the embedded database allows one process per data directory, ` +
        "so separate web and worker processes need PostgreSQL",
    );
  }
  if (e.METRICS_PORT !== undefined && !LOOPBACK_HOSTS.has(e.METRICS_HOST) && e.METRICS_TOKEN === undefined) {
    throw new ConfigError(`METRICS_HOST=${e.METRICS_HOST} needs METRICS_TOKEN: metrics served beyond this machine must ask for a token`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    origin: e.ORIGIN ?? new URL(`http://localhost:${e.PORT}`),
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    networkHandle: e.NETWORK_HANDLE,
    networkName: e.NETWORK_NAME,
    networkSummary: e.NETWORK_SUMMARY,
    networkLanguage: e.NETWORK_LANGUAGE,
    nodeRole: e.NODE_ROLE,
    allowPrivateAddress: e.ALLOW_PRIVATE_ADDRESS,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    metricsListener: e.METRICS_PORT === undefined ? null : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    queueLeaseMs: e.QUEUE_LEASE_SECONDS * 1000,
    queueConcurrency: e.QUEUE_CONCURRENCY,
    trustedProxies: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL === undefined ? undefined : new URL(e.SMTP_URL),
    mailFrom:
      e.MAIL_FROM ??
      `${e.NETWORK_NAME.replace(/[<>"\r\n]/g, "")} <noreply@${(e.ORIGIN ?? new URL(`http://localhost:${e.PORT}`)).hostname}>`,
    emailHourlyCap: e.EMAIL_HOURLY_CAP,
    pushHourlyCap: e.PUSH_HOURLY_CAP,
    sms: smsConfig(e),
    emailIntake: emailIntakeConfig(e),
    currency: e.CURRENCY,
  };
}
