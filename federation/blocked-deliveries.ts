import type { MessageQueue } from "@fedify/fedify";
import { logger } from "../src/logging.ts";
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
    if (await this.#blocked(message)) {
      log.debug("Dropped a delivery to a blocked server or actor: {inbox}", { inbox: (message as { inbox: string }).inbox });
      return;
    }
    await next(message);
  }

  async #blocked(message: unknown): Promise<boolean> {
    const m = message as { type?: unknown; inbox?: unknown; actorIds?: unknown } | null;
    if (m?.type !== "outbox" || typeof m.inbox !== "string") return false;
    if (await this.#isBlocked(m.inbox)) return true;
    const actorIds = Array.isArray(m.actorIds) ? m.actorIds.filter((id): id is string => typeof id === "string") : [];
    if (actorIds.length === 0) return false;
    for (const id of actorIds) if (!(await this.#isBlocked(id))) return false;
    return true;
  }
}
