import { importJwk, type KvStore, type MessageQueue, signRequest } from "@fedify/fedify";
import { ExpiringMap } from "../lib/expiring-map.ts";
import { isRecord, outboxDeliveryOf } from "./outbox-message.ts";
import { type QueueHandler, QueueLayer } from "./queue-layer.ts";
import { type SignatureSpec, signatureSpecKey } from "./signature-spec-memo.ts";

/** What Fedify tries first with a server it has not remembered (its `firstKnock` default). */
const FIRST_KNOCK: SignatureSpec = "rfc9421";

/** The parts of a delivery Fedify queued that a plain POST needs. */
interface PlainDelivery {
  inbox: URL;
  activity: Record<string, unknown>;
  headers: Record<string, string>;
  key: { keyId: URL; privateKey: JsonWebKey };
}

/**
 * Sends each delivery Fedify queued as one signed POST, and leaves to Fedify every one that
 * does not succeed at once.
 *
 * Fedify's own send path costs more than twice what signing and POSTing a request does
 * (bench/results/README.md, "Through Fedify's send path"): for every delivery it imports the
 * sender's private keys from the queued JWK, copies the request and its body to sign it and
 * again to send it, and wraps each step in its tracing. Here the keys are imported once per
 * process, and the request is signed with Fedify's own `signRequest`, with the standard
 * Fedify remembered for that server, and sent as it is.
 *
 * An answer in the 2xx range ends a delivery here. A server that does not answer, or says it
 * is busy or broken (429, 5xx), gets the delivery again later, from our queue's retries, as
 * it would through Fedify, but without Fedify's second request with the other standard at
 * once. Any other answer (a redirect, a refused signature, a gone inbox) hands the message to
 * Fedify's handler untouched, which sends it again and does what it always does: follows the
 * redirect, retries with the other standard and remembers it, or reports a gone inbox. What a
 * delivery guarantees (queued with its change, in order, retried, never dropped) is the
 * queue's and does not change.
 */
export class DirectDeliveryQueue extends QueueLayer {
  readonly #kv: KvStore;
  /** Imported signing keys: the few our actors have, kept for the process's life. */
  readonly #keys = new ExpiringMap<string, Promise<CryptoKey>>({ limit: 16 });
  /**
   * Each activity's JSON, made once: the deliveries of one post hold the very same activity
   * object, frozen (db/shared-parts.ts), so it cannot have changed since.
   */
  readonly #bodies = new WeakMap<object, string>();

  constructor(queue: MessageQueue, kv: KvStore) {
    super(queue);
    this.#kv = kv;
  }

  protected override async handle(message: unknown, next: QueueHandler): Promise<void> {
    const delivery = plainDeliveryOf(message);
    if (delivery !== null && (await this.#delivered(delivery))) return;
    await next(message);
  }

  /**
   * Whether one signed POST delivered it; false leaves it to Fedify. Throws, for our queue to
   * try again later, when the server did not answer or said it is in trouble (429, 5xx).
   */
  async #delivered(delivery: PlainDelivery): Promise<boolean> {
    const { origin } = delivery.inbox;
    const spec = (await this.#kv.get<SignatureSpec>(signatureSpecKey(origin))) ?? FIRST_KNOCK;
    const request = new Request(delivery.inbox, {
      method: "POST",
      headers: { ...delivery.headers, "Content-Type": "application/activity+json" },
      body: this.#body(delivery.activity),
    });
    let signed: Request;
    try {
      signed = await signRequest(request, await this.#importedKey(delivery.key.privateKey), delivery.key.keyId, { spec });
    } catch {
      return false; // Fedify signs it its own way, or says why it cannot
    }
    const response = await fetch(signed, { redirect: "manual" });
    // What the server says after its status changes nothing: a connection lost meanwhile is only not kept.
    await drain(response).catch(() => {});
    if (response.ok) {
      // As Fedify does after a success; the memo makes this free when nothing changed.
      await this.#kv.set(signatureSpecKey(origin), spec);
      return true;
    }
    if (response.status === 429 || response.status >= 500) {
      throw new Error(`${delivery.inbox.href} answered ${response.status} ${response.statusText}`);
    }
    return false;
  }

  #body(activity: Record<string, unknown>): string {
    if (!Object.isFrozen(activity)) return JSON.stringify(activity);
    let body = this.#bodies.get(activity);
    if (body === undefined) {
      body = JSON.stringify(activity);
      this.#bodies.set(activity, body);
    }
    return body;
  }

  #importedKey(jwk: JsonWebKey): Promise<CryptoKey> {
    // An RSA key's modulus names it: one per key, and shorter to compare than the whole JWK.
    const name = `${jwk.kty} ${jwk.n}`;
    let key = this.#keys.get(name);
    if (key === undefined) {
      key = importJwk(jwk, "private");
      // A key that fails to import is not kept: the next delivery tries again.
      key.catch(() => this.#keys.delete(name));
      this.#keys.set(name, key);
    }
    return key;
  }
}

/** How much of an answer is read: inboxes answer with little or nothing. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Reads what the server answered, so that its connection is kept for the next delivery.
 * Cancelling an answer instead costs more (undici makes an exception for it) and closes the
 * connection when the answer has not all arrived; only an answer too long to be worth reading is.
 */
async function drain(response: Response): Promise<void> {
  if (response.body === null) return;
  const reader = response.body.getReader();
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    read += value.byteLength;
    if (read > MAX_ANSWER_BYTES) return await reader.cancel();
  }
}

/**
 * A delivery Fedify queued that a plain signed POST can make: an outbox message, not held by
 * Fedify's circuit breaker, with an RSA key to sign with (the one Fedify would use). Any
 * other message, or one whose shape this does not know, is Fedify's alone.
 */
function plainDeliveryOf(message: unknown): PlainDelivery | null {
  const delivery = outboxDeliveryOf(message);
  if (delivery === null || delivery.message.circuitHeld === true) return null;
  const { activity, keys } = delivery.message;
  if (!isRecord(activity) || !Array.isArray(keys)) return null;
  const rsa = keys.find((k) => isRecord(k) && isRecord(k.privateKey) && k.privateKey.kty === "RSA" && typeof k.keyId === "string");
  if (rsa === undefined) return null;
  try {
    return {
      inbox: new URL(delivery.inbox),
      activity,
      headers: delivery.headers,
      key: { keyId: new URL(rsa.keyId), privateKey: rsa.privateKey },
    };
  } catch {
    return null;
  }
}
