// Helpers with no project imports, so that every layer (db/, src/, federation/, web/) may use them.

/**
 * A map kept in memory that holds at most `limit` entries, each for at most `ms`
 * milliseconds. Setting a key, new or not, makes it the newest; past the limit the entry
 * set longest ago goes first. Reading does not change that order, and an expired entry
 * reads as absent (and is dropped then).
 */
export class ExpiringMap<K, V> {
  readonly #entries = new Map<K, { value: V; until: number }>();
  readonly #limit: number;
  readonly #ms: number;

  /** `ms` is how long an entry lasts unless `set` says otherwise; by default, until it is pushed out. */
  constructor(options: { limit: number; ms?: number }) {
    this.#limit = options.limit;
    this.#ms = options.ms ?? Number.POSITIVE_INFINITY;
  }

  /** The value kept for `key`, or undefined when there is none or it has expired. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > Date.now()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Keeps `value` for `key` for `ms` (the map's own time unless given), as the newest entry. */
  set(key: K, value: V, ms: number = this.#ms): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, until: Date.now() + ms });
    if (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** How many entries are held, expired ones not yet dropped included. */
  get size(): number {
    return this.#entries.size;
  }
}
