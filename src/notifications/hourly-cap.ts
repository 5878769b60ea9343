import type { Database } from "../../db/database.ts";
import { type ClaimedDelivery, countRecentSends } from "../../db/queries/notification-deliveries.ts";
import type { DeliveryChannel } from "../../db/queries/notifications.ts";
import { Rounds } from "../../lib/rounds.ts";

/**
 * A channel's cap of messages to one member in an hour. It is asked about every message; the
 * deliveries of a batch, sent at once, are counted in one statement (`Rounds`): a crisis
 * e-mailed to 10,000 members counted 10,000 times.
 */
export class HourlyCap {
  readonly #limit: number;
  readonly #counts: Rounds<ClaimedDelivery, Map<string, number>>;

  constructor(db: Database, channel: DeliveryChannel, limit: number) {
    this.#limit = limit;
    this.#counts = new Rounds((deliveries) => countRecentSends(db, channel, deliveries));
  }

  get limit(): number {
    return this.#limit;
  }

  /** Whether the delivery's member has had `limit` messages on the channel in the last hour. */
  async reached(delivery: ClaimedDelivery): Promise<boolean> {
    const counts = await this.#counts.join(delivery);
    return (counts.get(delivery.notificationId) ?? 0) >= this.#limit;
  }
}
