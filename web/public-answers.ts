import { gzipSync } from "node:zlib";
import type { Context, MiddlewareHandler } from "hono";
import { accepts } from "hono/accepts";
import { ExpiringMap } from "../lib/expiring-map.ts";
import type { SharedState } from "../src/shared-state.ts";

/**
 * Different answers kept at once (pages of the board per filter and language, posts' pages, of
 * the API, of the outbox, the actor): a few MB at most. Someone reading post after post pushes
 * out the answers read longest ago, not the board that a crowd keeps reading.
 */
const KEPT = 200;
/** A safety net: every change the triggers see, and every moment a read said it changes at, ends an answer sooner. */
const MAX_AGE_MS = 60_000;
/** Shorter answers go as they are: gzip's own bytes and work would not pay for themselves. */
const GZIP_FROM_BYTES = 1024;

interface KeptAnswer {
  /** The shared state's and the posts' versions it was made at. */
  versions: string;
  /** `performance.now()` time past which it is not used. */
  until: number;
  /** Bytes, not text: Node's server writes them as they are, with nothing to encode. */
  body: Uint8Array<ArrayBuffer>;
  /** `body` gzipped, made for the first reader who accepts it and kept with it. */
  gzipped?: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

/**
 * The public's most read answers (the board, a post's page, `listPosts`, the outbox's pages,
 * the network's actor), kept in this process's memory, so a surge of readers during a crisis
 * costs one tiny query each instead of the page's queries and rendering. An answer is made
 * for a request that no one signed in to and is used only:
 * - while the shared state's and the posts' versions are the ones it was made at (triggers
 *   raise them at the commit of any change to posts, their authors' names, the settings,
 *   crises or areas, from any process or plain SQL; read once per request anyway);
 * - before the first moment its read said it changes at with nothing written (an open post
 *   expires, a crisis reaches its end: `SharedState.changesAt`), and at most a minute.
 * The key says what else the answer depends on (the path and query, the language, the
 * Accept header); a request whose answer depends on who asks gets null and is not kept.
 */
export class PublicAnswers {
  readonly #shared: Pick<SharedState, "versions" | "readChangesAt">;
  readonly #kept = new ExpiringMap<string, KeptAnswer>({ limit: KEPT, ms: MAX_AGE_MS });
  /** Answers being made, by key: at most one per key at a time, each removed once made. */
  readonly #making = new Map<string, { versions: string; answer: Promise<KeptAnswer | null> }>();

  constructor(shared: Pick<SharedState, "versions" | "readChangesAt">) {
    this.#shared = shared;
  }

  /** A middleware keeping the answers of GET requests `keyOf` gives a key for (null: this one is not the public's). */
  middleware(keyOf: (c: Context) => string | null): MiddlewareHandler {
    return async (c, next) => {
      if (c.req.method !== "GET") return next();
      const key = keyOf(c);
      if (key === null) return next();
      // Read before the answer is made: a change meanwhile makes it newer than its versions, never older.
      const { sharedState, posts } = await this.#shared.versions();
      const versions = `${sharedState}.${posts}`;
      const asked = performance.now();
      const kept = this.#kept.get(key);
      // Headers the request's own middleware set (e.g. the language cookie) are added to these by c.body.
      if (kept !== undefined && kept.versions === versions && asked < kept.until) {
        // Set again, so that the answers read most are the last pushed out by new ones.
        this.#kept.set(key, kept);
        return send(c, kept);
      }
      // Right after a change, readers asking at once wait for the first one's answer rather than each making it.
      const making = this.#making.get(key);
      if (making !== undefined && making.versions === versions) {
        const made = await making.answer;
        return made === null ? next() : send(c, made);
      }
      let settle!: (answer: KeptAnswer | null) => void;
      const answer = new Promise<KeptAnswer | null>((resolve) => (settle = resolve));
      this.#making.set(key, { versions, answer });
      try {
        await next();
        const until = Math.min(asked + MAX_AGE_MS, this.#shared.readChangesAt());
        if (c.res.status !== 200 || until <= asked) return;
        const body = new Uint8Array(await c.res.arrayBuffer());
        // Anything set for this request alone (cookies) stays out of what is kept, and the
        // length is the body's as it is sent, gzipped or not.
        const headers = Object.fromEntries([...c.res.headers].filter(([name]) => name !== "set-cookie" && name !== "content-length"));
        headers.vary = headers.vary === undefined ? "Accept-Encoding" : `${headers.vary}, Accept-Encoding`;
        c.res = new Response(body, c.res);
        c.res.headers.set("vary", headers.vary);
        const made = { versions, until, body, headers };
        this.#kept.set(key, made);
        settle(made);
      } finally {
        // Not kept (a failed answer, or one that changes at once): those waiting make their own.
        settle(null);
        if (this.#making.get(key)?.answer === answer) this.#making.delete(key);
      }
    };
  }
}

/**
 * A kept answer, gzipped for a reader whose Accept-Encoding takes it (browsers and Mastodon
 * do): a board page takes a quarter of its bytes then, an outbox page a fourteenth, which
 * counts on a phone with a weak signal during a crisis. It is compressed once per answer
 * kept, not per reader.
 */
function send(c: Context, kept: KeptAnswer): Response {
  const gzip =
    kept.body.byteLength >= GZIP_FROM_BYTES &&
    accepts(c, { header: "Accept-Encoding", supports: ["identity", "gzip"], default: "identity" }) === "gzip";
  if (!gzip) return c.body(kept.body, 200, kept.headers);
  kept.gzipped ??= new Uint8Array(gzipSync(kept.body));
  return c.body(kept.gzipped, 200, { ...kept.headers, "content-encoding": "gzip" });
}
