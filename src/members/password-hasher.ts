import { availableParallelism } from "node:os";
import { hash, verify } from "@node-rs/argon2";
import { RateLimitedError } from "../errors.ts";

/**
 * argon2id hashing with a bound on how many hashes run at once in this process. Each
 * hash takes a core for tens of milliseconds by design; unbounded, a burst of sign-ins
 * takes every core and every other request (even /health) waits behind it. Beyond
 * `concurrency`, hashes queue; beyond `maxWaiting` queued, the attempt is refused with a
 * 429 (the client may retry in a few seconds).
 */
export class PasswordHasher {
  readonly #concurrency: number;
  readonly #maxWaiting: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(options: { concurrency?: number; maxWaiting?: number } = {}) {
    // Leave one core to everything else when there are several.
    this.#concurrency = options.concurrency ?? Math.max(1, availableParallelism() - 1);
    this.#maxWaiting = options.maxWaiting ?? 32;
  }

  hash(password: string): Promise<string> {
    return this.#run(() => hash(password));
  }

  /** Whether `password` matches `stored`; a malformed stored hash never matches. */
  verify(stored: string, password: string): Promise<boolean> {
    return this.#run(() => verify(stored, password).catch(() => false));
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.#concurrency) {
      this.#running++;
    } else {
      if (this.#waiting.length >= this.#maxWaiting) throw new RateLimitedError("password_checks_busy", 5);
      // A finishing hash hands its slot straight to the first waiter (#running stays the same).
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#running--;
      else next();
    }
  }
}
