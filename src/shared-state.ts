import { AsyncLocalStorage } from "node:async_hooks";
import type { Database } from "../db/database.ts";
import { prepareReadVersions, type Versions } from "../db/queries/shared-state.ts";
import { Rounds } from "../lib/rounds.ts";

/** What one read (a GET request) shares between its parts. */
interface ReadContext {
  open: boolean;
  versions?: Promise<Versions>;
  /** See `changesAt`. */
  changesAt: number;
}

/**
 * What nearly every page reads and an admin or coordinator seldom changes (the network's
 * settings, its crises, its service areas), kept in this process's memory. Triggers raise
 * one number in the database in the same transaction as any change to them; a read here
 * first reads that number (one tiny query) and loads again only when it moved. So a change
 * made through any process, or straight in SQL, is seen by the next read everywhere.
 *
 * Inside `withinRead` (a GET request) the number is read once for the whole request, with
 * the posts' version (which the board's count of posts goes by) in the same statement.
 */
export class SharedState {
  readonly #request = new AsyncLocalStorage<ReadContext>();
  #version: number | null = null;
  #kept = new Map<string, Promise<unknown>>();
  /**
   * Reads of the versions, shared by the requests that ask while one is running: under a surge
   * of readers nearly every request asks for them and nothing else (web/public-answers.ts),
   * and one statement a request was most of what the database did.
   */
  readonly #versionReads: Rounds<void, Versions>;

  constructor(db: Database) {
    this.#versionReads = new Rounds(prepareReadVersions(db));
  }

  /**
   * Runs `work` (a request that changes nothing) reading the version at most once. Only
   * while it runs: work it starts that goes on after it (e.g. a queue's loop, started on the
   * first request) inherits its context, and must read the version afresh.
   */
  async withinRead<T>(work: () => Promise<T>): Promise<T> {
    const request: ReadContext = { open: true, changesAt: Number.POSITIVE_INFINITY };
    try {
      return await this.#request.run(request, work);
    } finally {
      request.open = false;
    }
  }

  /** The value kept under `key`, loaded by `load` when none is kept for the current version. */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const version = (await this.versions()).sharedState;
    if (version !== this.#version) {
      this.#version = version;
      this.#kept = new Map();
    }
    let kept = this.#kept.get(key);
    if (kept === undefined) {
      // A promise of its own: a drizzle query returned as it is would run again on every await.
      const loading = Promise.resolve(load());
      kept = loading;
      this.#kept.set(key, loading);
      // A failed load is not kept: the next read tries again.
      loading.catch(() => {
        if (this.#kept.get(key) === loading) this.#kept.delete(key);
      });
    }
    return kept as Promise<T>;
  }

  /** The posts' version (migration 0032), read with the shared state's: once per request inside `withinRead`. */
  async postsVersion(): Promise<number> {
    return (await this.versions()).posts;
  }

  /**
   * Tells the current read that what it read changes by itself at `moment` (`performance.now()`
   * time) with nothing written: the first listed open post expires, an active crisis reaches
   * its end. An answer kept for the public (web/public-answers.ts) is not used past it.
   */
  changesAt(moment: number): void {
    const store = this.#request.getStore();
    if (store?.open) store.changesAt = Math.min(store.changesAt, moment);
  }

  /** The earliest moment the current read was told of through `changesAt`; Infinity when none (or outside `withinRead`). */
  readChangesAt(): number {
    return this.#request.getStore()?.changesAt ?? Number.POSITIVE_INFINITY;
  }

  /** The shared state's and the posts' versions: read once per request inside `withinRead`. */
  versions(): Promise<Versions> {
    const store = this.#request.getStore();
    if (store?.open) {
      store.versions ??= this.#versionReads.join();
      return store.versions;
    }
    return this.#versionReads.join();
  }
}
