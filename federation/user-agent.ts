import type { MessageQueue } from "@fedify/fedify";
import { SOFTWARE_VERSION } from "../src/version.ts";
import { outboxDeliveryOf } from "./outbox-message.ts";
import { QueueLayer } from "./queue-layer.ts";

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
export class UserAgentQueue extends QueueLayer {
  readonly #userAgent: string;

  constructor(queue: MessageQueue, userAgent: string) {
    super(queue);
    this.#userAgent = userAgent;
  }

  protected override queued(message: unknown): unknown {
    const delivery = outboxDeliveryOf(message);
    if (delivery === null) return message;
    // A copy that keeps the activity and keys objects, which the queue stores once per post.
    return { ...delivery.message, headers: { ...delivery.headers, "User-Agent": this.#userAgent } };
  }
}
