import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from "@fedify/fedify";
import { SOFTWARE_VERSION } from "../src/version.ts";

/**
 * How this server names itself in every request it makes, as Mastodon does: the software,
 * its version, and the instance's URL, so that another server's operator knows whom to ask.
 */
export function userAgentOf(origin: URL): string {
  return `Mycelium/${SOFTWARE_VERSION} (+${new URL("/", origin).href})`;
}

/**
 * Fedify names itself in what it fetches (its `userAgent` option) but sends deliveries
 * with no User-Agent, so Node's fetch says "node". This queue, wrapped around ours, adds
 * the header to each delivery Fedify queues (deliveries split from a fan-out included,
 * as Fedify queues those too); delivery copies a message's headers onto its request.
 */
export class UserAgentQueue implements MessageQueue {
  readonly #queue: MessageQueue;
  readonly #userAgent: string;

  constructor(queue: MessageQueue, userAgent: string) {
    this.#queue = queue;
    this.#userAgent = userAgent;
  }

  get nativeRetrial(): boolean | undefined {
    return this.#queue.nativeRetrial;
  }

  enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    return this.#queue.enqueue(this.#named(message), options);
  }

  enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const named = messages.map((m) => this.#named(m));
    if (this.#queue.enqueueMany !== undefined) return this.#queue.enqueueMany(named, options);
    return Promise.all(named.map((m) => this.#queue.enqueue(m, options))).then(() => undefined);
  }

  listen(handler: (message: unknown) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
    return this.#queue.listen(handler, options);
  }

  #named(message: unknown): unknown {
    const m = message as { type?: unknown; headers?: Record<string, string> } | null;
    if (m?.type !== "outbox") return message;
    return { ...m, headers: { ...m.headers, "User-Agent": this.#userAgent } };
  }
}
