import { createHash } from "node:crypto";
import type { Database } from "../../db/database.ts";
import {
  countRateLimitAttempt,
  deleteEndedRateLimitWindows,
  type RateLimitCount,
  readRateLimitCount,
} from "../../db/queries/rate-limits.ts";
import { RateLimitedError } from "../errors.ts";

/** At most `max` attempts per `windowSeconds` (fixed windows) for one client. */
export interface RateLimit {
  /** Names the limit in the database and in a 429's JSON (`"limit": …`). */
  name: string;
  max: number;
  windowSeconds: number;
}

/** Every limit the server applies; documented in the README ("Rate limits"). */
export interface RateLimits {
  /** Wrong passwords for one username, at sign-in and token creation together. */
  passwordPerAccount: RateLimit;
  /** Wrong passwords from one client address, whichever usernames they name. */
  passwordPerAddress: RateLimit;
  /** Requests to join from one client address. */
  joinPerAddress: RateLimit;
  /** Posts one member creates (coordinators, who enter posts taken by phone, are exempt). */
  postsPerMember: RateLimit;
  /** Inbox deliveries from one remote server. */
  inboxPerServer: RateLimit;
  /** Reports from one client address without an account (the public report form). */
  reportsPerAddress: RateLimit;
  /** Reports one member makes. */
  reportsPerMember: RateLimit;
  /** Texts from one phone number; the rest are stored for the dispatcher queue but not answered (SMS_INBOUND_PER_HOUR). */
  smsInboundPerNumber: RateLimit;
  /** "I can help" messages from one client address, by visitors without an account. */
  helpOffersPerAddress: RateLimit;
  /** E-mails into the intake from one sender address; beyond it the listener answers "try later" (451). */
  emailInboundPerSender: RateLimit;
  /** Decisions one member starts: each tells every member, so a flood of them would flood everyone. */
  decisionsPerMember: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  passwordPerAccount: { name: "password_failures_per_account", max: 10, windowSeconds: 15 * 60 },
  passwordPerAddress: { name: "password_failures_per_address", max: 30, windowSeconds: 15 * 60 },
  joinPerAddress: { name: "join_requests_per_address", max: 5, windowSeconds: 60 * 60 },
  postsPerMember: { name: "posts_per_member", max: 30, windowSeconds: 60 * 60 },
  inboxPerServer: { name: "inbox_deliveries_per_server", max: 300, windowSeconds: 60 },
  reportsPerAddress: { name: "reports_per_address", max: 5, windowSeconds: 60 * 60 },
  reportsPerMember: { name: "reports_per_member", max: 20, windowSeconds: 24 * 60 * 60 },
  smsInboundPerNumber: { name: "sms_inbound_per_number", max: 30, windowSeconds: 60 * 60 },
  helpOffersPerAddress: { name: "help_offers_per_address", max: 5, windowSeconds: 60 * 60 },
  emailInboundPerSender: { name: "email_inbound_per_sender", max: 30, windowSeconds: 60 * 60 },
  decisionsPerMember: { name: "decisions_per_member", max: 10, windowSeconds: 24 * 60 * 60 },
};

/**
 * Rate limits kept in the database, so that they hold across every web process. A
 * client's window opens with its first counted attempt and lasts `windowSeconds`; once
 * it has used `max` attempts, the rest are refused until the window ends (Retry-After).
 * Keys (usernames, addresses, hosts) are stored only as hashes; `prune` deletes ended
 * windows.
 */
export class RateLimiter {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Refuses when `key` has used up `limit` in its open window; counts nothing (see `count`). */
  async check(limit: RateLimit, key: string): Promise<void> {
    const now = new Date(this.#now());
    const counted = await readRateLimitCount(this.#db, counterKey(limit, key), now);
    if (counted !== undefined && counted.count >= limit.max) throw refusal(limit, counted, now);
  }

  /** Counts one attempt (e.g. a wrong password) against `key`, to be refused by `check` later. */
  async count(limit: RateLimit, key: string): Promise<void> {
    await countRateLimitAttempt(this.#db, counterKey(limit, key), new Date(this.#now()), limit.windowSeconds * 1000);
  }

  /** Counts this attempt and refuses it if it goes over `limit`. */
  async take(limit: RateLimit, key: string): Promise<void> {
    const now = new Date(this.#now());
    const counted = await countRateLimitAttempt(this.#db, counterKey(limit, key), now, limit.windowSeconds * 1000);
    if (counted.count > limit.max) throw refusal(limit, counted, now);
  }

  /** Deletes the counters of windows that have ended; resolves to how many. */
  prune(): Promise<number> {
    return deleteEndedRateLimitWindows(this.#db, new Date(this.#now()));
  }
}

function counterKey(limit: RateLimit, key: string): { limit: string; keyHash: string } {
  return { limit: limit.name, keyHash: createHash("sha256").update(key).digest("hex") };
}

function refusal(limit: RateLimit, counted: RateLimitCount, now: Date): RateLimitedError {
  return new RateLimitedError(limit.name, (counted.windowEnd.getTime() - now.getTime()) / 1000);
}
