import type { Database } from "../../db/database.ts";
import type { ClaimedDelivery } from "../../db/queries/notification-deliveries.ts";
import {
  deletePushSubscription,
  listPushSubscriptionsByMember,
  markPushSuccess,
  type PushSubscriptionRow,
} from "../../db/queries/push-subscriptions.ts";
import { getOrCreateSecret } from "../../db/queries/secrets.ts";
import { Rounds } from "../../lib/rounds.ts";
import { logger } from "../logging.ts";
import { type ChannelOutcome, type ChannelSender, DeliveryFailure } from "./delivery.service.ts";
import { HourlyCap } from "./hourly-cap.ts";
import type { NotificationService } from "./notification.service.ts";
import type { TranslatorFor } from "./ports.ts";

const log = logger("notifications", "push");

/** The site's VAPID key pair (RFC 8292), base64url, as browsers and push services expect. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * web-push, loaded when first needed: most instances never send a push from most of their
 * processes, and it holds about 1.5 MB of memory once loaded (bench/results/README.md).
 */
async function webPush() {
  return (await import("web-push")).default;
}

/** The instance's VAPID keys: made on first start and kept in the database, so every process signs alike. */
export async function loadVapidKeys(db: Database): Promise<VapidKeys> {
  const stored = await getOrCreateSecret(db, "vapid_keys", async () => JSON.stringify((await webPush()).generateVAPIDKeys()));
  return JSON.parse(stored) as VapidKeys;
}

/** A push waits this long at the push service for an offline device; a notice is stale after a day. */
const TIME_TO_LIVE_SECONDS = 86_400;
const SEND_TIMEOUT_MS = 30_000;

export interface PushChannelDeps {
  vapid: VapidKeys;
  origin: URL;
  notifications: NotificationService;
  translatorFor: TranslatorFor;
  defaultLanguage: string;
  networkName: () => Promise<string>;
  /** At most this many pushes to one member in an hour; the rest stay in the app. */
  hourlyCap: number;
}

/**
 * Notices by Web Push to every device the member turned push on: only the notice's sentence
 * (the same as in the app, which never names a person, a contact or an address) and its URL,
 * encrypted for the device (RFC 8291). A device its push service no longer knows (404/410) is
 * forgotten.
 */
export class PushChannel implements ChannelSender {
  readonly #db: Database;
  readonly #deps: PushChannelDeps;
  readonly #cap: HourlyCap;
  // A batch's deliveries go out at once: their members' devices are read, and their successes
  // recorded, in one statement each (Rounds), not one a notice and one a device.
  readonly #devices: Rounds<string, Map<string, PushSubscriptionRow[]>>;
  readonly #succeeded: Rounds<string, void>;

  constructor(db: Database, deps: PushChannelDeps) {
    this.#db = db;
    this.#deps = deps;
    this.#cap = new HourlyCap(db, "push", deps.hourlyCap);
    this.#devices = new Rounds((memberIds) => listPushSubscriptionsByMember(db, memberIds));
    this.#succeeded = new Rounds((endpoints) => markPushSuccess(db, endpoints));
  }

  /** What a device receives: `{title, body, url}` for the service worker to show; the title is the network's name. */
  async payload(delivery: ClaimedDelivery): Promise<string> {
    const t = this.#deps.translatorFor(delivery.language ?? this.#deps.defaultLanguage);
    return JSON.stringify({
      title: await this.#deps.networkName(),
      body: this.#deps.notifications.render(delivery, t, delivery.timeZone),
      url: new URL(delivery.url, this.#deps.origin).href,
    });
  }

  async send(delivery: ClaimedDelivery): Promise<ChannelOutcome> {
    const devices = (await this.#devices.join(delivery.recipientId)).get(delivery.recipientId) ?? [];
    if (devices.length === 0) return { skipped: "no device with push on" };
    // A flood of notices buzzes a phone at most hourlyCap times an hour; the rest are in the app (and e-mail, as chosen).
    if (await this.#cap.reached(delivery)) return { skipped: `over the cap of ${this.#cap.limit} pushes an hour: in the app only` };
    const payload = await this.payload(delivery);
    const { vapid, origin } = this.#deps;
    const webpush = await webPush();
    const answers = await Promise.all(
      devices.map(async (device) => {
        // web-push signs (VAPID) and encrypts; the request itself goes out with fetch, which
        // also reaches http push services on private networks (and the tests' own).
        const request = webpush.generateRequestDetails(
          { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
          payload,
          {
            vapidDetails: { subject: vapidSubject(origin), publicKey: vapid.publicKey, privateKey: vapid.privateKey },
            TTL: TIME_TO_LIVE_SECONDS,
            contentEncoding: "aes128gcm",
          },
        );
        const status = await fetch(request.endpoint, {
          method: request.method,
          headers: request.headers,
          body: new Uint8Array(request.body),
          redirect: "error",
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        }).then(
          (response) => response.status,
          (error: unknown) => String(error),
        );
        if (status === 404 || status === 410) {
          await deletePushSubscription(this.#db, device.endpoint);
          return { gone: status };
        }
        if (typeof status === "number" && status >= 200 && status < 300) {
          // The device has the notice: failing to note when is not a reason to push it again.
          await this.#succeeded
            .join(device.endpoint)
            .catch((error: unknown) => log.warn("Could not record a device's last push: {error}", { error }));
          return { sent: status };
        }
        log.warn("A push service refused or missed a notice: {status}", { status });
        return { failed: status };
      }),
    );
    const sent = answers.filter((a) => "sent" in a).length;
    const failed = answers.filter((a) => "failed" in a).length;
    const gone = answers.filter((a) => "gone" in a).length;
    const summary = `${sent} sent, ${failed} failed, ${gone} removed (gone)`;
    // Sending again would repeat the notice on devices that have it: one retry only when none did.
    if (sent > 0) return { sent: summary };
    if (failed > 0) throw new DeliveryFailure(summary, false);
    return { skipped: summary };
  }
}

/** Push services want a contact: the site itself when it is https, else a mailto: at its host. */
function vapidSubject(origin: URL): string {
  return origin.protocol === "https:" ? origin.origin : `mailto:push@${origin.hostname}`;
}
