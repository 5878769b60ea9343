import type { MessageQueue } from "@fedify/fedify";
import { logger } from "../src/logging.ts";
import { type OutboxDelivery, outboxDeliveryOf } from "./outbox-message.ts";
import { type QueueHandler, QueueLayer } from "./queue-layer.ts";

const log = logger("federation", "blocks");

/**
 * Drops deliveries to blocked servers and actors when a worker takes them up, so that
 * nothing queued before a block (or addressed to a shared inbox on a blocked server)
 * reaches them. Blocks end follows too, so new activities are not addressed to them in the
 * first place; this is the last gate. A shared-inbox delivery on a server that is not
 * blocked goes out unless every actor it is for is blocked.
 */
export class BlockedDeliveryQueue extends QueueLayer {
  readonly #isBlocked: (address: string) => Promise<boolean>;

  constructor(queue: MessageQueue, isBlocked: (address: string) => Promise<boolean>) {
    super(queue);
    this.#isBlocked = isBlocked;
  }

  protected override async handle(message: unknown, next: QueueHandler): Promise<void> {
    const delivery = outboxDeliveryOf(message);
    if (delivery !== null && (await this.#blocked(delivery))) {
      log.debug("Dropped a delivery to a blocked server or actor: {inbox}", { inbox: delivery.inbox });
      return;
    }
    await next(message);
  }

  async #blocked({ inbox, actorIds }: OutboxDelivery): Promise<boolean> {
    if (await this.#isBlocked(inbox)) return true;
    if (actorIds.length === 0) return false;
    for (const id of actorIds) if (!(await this.#isBlocked(id))) return false;
    return true;
  }
}
