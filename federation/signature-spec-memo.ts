import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import { ExpiringMap } from "../lib/expiring-map.ts";

/** Where Fedify remembers which HTTP signature standard each server accepted. */
const SPEC_PREFIX: KvKey = ["_fedify", "httpMessageSignaturesSpec"];
/** Servers remembered in memory; beyond this the oldest is forgotten (and read again from the store). */
const MAX_REMEMBERED = 10_000;

/** The standards Fedify signs requests with. */
export type SignatureSpec = "rfc9421" | "draft-cavage-http-signatures-12";

/** The key under which Fedify remembers the standard the server at `origin` accepted. */
export const signatureSpecKey = (origin: string): KvKey => [...SPEC_PREFIX, origin];

const underSpecPrefix = (key: KvKey) => key.length === SPEC_PREFIX.length + 1 && SPEC_PREFIX.every((part, i) => key[i] === part);
const nameOf = (key: KvKey) => key.join("\n");

/**
 * Fedify reads and then writes, for every delivery, which signature standard the receiving
 * server accepted (RFC 9421 or the older draft): two database statements per delivery, for
 * a value that almost never changes. This store keeps those values in memory as well, and
 * skips a write that would store what is already there. It is only a hint: a stale value
 * in another process costs at most one retried request with the other standard, which
 * Fedify makes anyway. Everything else goes straight to the store underneath.
 */
export class SignatureSpecMemo implements KvStore {
  readonly #store: KvStore;
  readonly #remembered = new ExpiringMap<string, unknown>({ limit: MAX_REMEMBERED });
  readonly cas?: KvStore["cas"];

  constructor(store: KvStore) {
    this.#store = store;
    if (store.cas !== undefined) this.cas = store.cas.bind(store);
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    if (!underSpecPrefix(key)) return this.#store.get<T>(key);
    const name = nameOf(key);
    const remembered = this.#remembered.get(name);
    if (remembered !== undefined) return remembered as T;
    const value = await this.#store.get<T>(key);
    if (value !== undefined) this.#remembered.set(name, value);
    return value;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    if (!underSpecPrefix(key)) return this.#store.set(key, value, options);
    const name = nameOf(key);
    if (this.#remembered.get(name) === value) return;
    await this.#store.set(key, value, options);
    this.#remembered.set(name, value);
  }

  async delete(key: KvKey): Promise<void> {
    this.#remembered.delete(nameOf(key));
    await this.#store.delete(key);
  }

  list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    return this.#store.list(prefix);
  }
}
