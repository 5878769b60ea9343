import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { deletePushSubscriptionOf, savePushSubscription } from "../../db/queries/push-subscriptions.ts";
import { NotFoundError } from "../errors.ts";
import { requireMember, type Viewer } from "../members/viewer.ts";
import { parseOrThrow } from "../validation.ts";

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, { error: "use base64url" })
    .refine((value) => Buffer.from(value, "base64url").length === bytes, { error: `must be ${bytes} bytes` });

/**
 * The server posts to a subscription's endpoint: only https (a browser's push service), so a
 * member cannot make it call plain-http or internal addresses; tests and private networks that
 * allow private addresses may use http.
 */
function endpointSchema(allowPrivateAddress: boolean) {
  return z
    .url({ error: "use the subscription's endpoint URL" })
    .max(1000)
    .refine((value) => new URL(value).protocol === "https:" || (allowPrivateAddress && new URL(value).protocol === "http:"), {
      error: "use an https endpoint",
    });
}

/** Devices where members turned push on (the browser's PushSubscription, as JSON). */
export class PushDeviceService {
  readonly #db: Database;
  readonly #subscribeSchema;
  readonly #unsubscribeSchema;
  /** The VAPID public key (base64url) browsers subscribe with. */
  readonly publicKey: string;

  constructor(db: Database, deps: { publicKey: string; allowPrivateAddress: boolean }) {
    this.#db = db;
    this.publicKey = deps.publicKey;
    const endpoint = endpointSchema(deps.allowPrivateAddress);
    this.#subscribeSchema = z
      .object({ endpoint, keys: z.object({ p256dh: base64url(65), auth: base64url(16) }) })
      // Browsers add expirationTime; nothing else is kept.
      .extend({ expirationTime: z.number().nullable().optional() })
      .strict();
    this.#unsubscribeSchema = z.object({ endpoint }).strict();
  }

  async subscribe(viewer: Viewer, input: unknown): Promise<void> {
    const member = requireMember(viewer);
    const { endpoint, keys } = parseOrThrow(this.#subscribeSchema, input);
    await savePushSubscription(this.#db, { endpoint, memberId: member.id, p256dh: keys.p256dh, auth: keys.auth });
  }

  async unsubscribe(viewer: Viewer, input: unknown): Promise<void> {
    const member = requireMember(viewer);
    const { endpoint } = parseOrThrow(this.#unsubscribeSchema, input);
    if (!(await deletePushSubscriptionOf(this.#db, member.id, endpoint)))
      throw new NotFoundError("No device of yours has push on at that endpoint.");
  }
}
