import type { Actor } from "@fedify/vocab";
import { logger } from "../src/logging.ts";

const log = logger("federation", "handles");
/** How long a confirmation (or a refusal) is trusted before the handle is asked again. */
const TRUST_MS = 60 * 60 * 1000;
/** At most this many actors' answers are remembered; the oldest go first. */
const REMEMBERED = 10_000;
const WEBFINGER_TIMEOUT_MS = 5_000;

/**
 * Confirms a remote actor's handle through WebFinger before we show it, as Mastodon does:
 * `user@host` (from `preferredUsername` and the host of the actor's id) counts only if the
 * host's WebFinger says that `acct:user@host` is this very actor. Anyone can put any
 * `preferredUsername` in an actor document; only the host's WebFinger vouches for it. A
 * handle that does not confirm is not shown (pages show the actor's URL instead).
 *
 * WebFinger is asked at the actor's own origin, over the actor's own scheme: https for
 * every real server, and plain http for instances on 127.0.0.1 in tests (where an `acct:`
 * lookup by Fedify would insist on https). Answers are remembered for an hour.
 */
export class HandleConfirmations {
  readonly #userAgent: string;
  readonly #answers = new Map<string, { handle: string | null; until: number }>();

  constructor(userAgent: string) {
    this.#userAgent = userAgent;
  }

  async handleOf(actor: Actor, username: string | null): Promise<string | null> {
    if (actor.id === null || username === null || username === "") return null;
    const key = `${actor.id.href} ${username}`;
    const known = this.#answers.get(key);
    if (known !== undefined && known.until > Date.now()) return known.handle;
    const handle = (await this.#confirms(actor.id, username)) ? `${username}@${actor.id.host}` : null;
    this.#answers.delete(key);
    this.#answers.set(key, { handle, until: Date.now() + TRUST_MS });
    if (this.#answers.size > REMEMBERED) this.#answers.delete(this.#answers.keys().next().value!);
    return handle;
  }

  async #confirms(actorId: URL, username: string): Promise<boolean> {
    const resource = `acct:${username}@${actorId.host}`;
    const url = new URL("/.well-known/webfinger", actorId.origin);
    url.searchParams.set("resource", resource);
    try {
      const response = await fetch(url, {
        headers: { accept: "application/jrd+json, application/json", "user-agent": this.#userAgent },
        redirect: "error",
        signal: AbortSignal.timeout(WEBFINGER_TIMEOUT_MS),
      });
      if (!response.ok) return this.#refused(resource, `WebFinger answered ${response.status}`);
      const jrd = (await response.json()) as { links?: { rel?: unknown; type?: unknown; href?: unknown }[] };
      const self = (jrd.links ?? []).some((link) => link.rel === "self" && link.href === actorId.href);
      return self || this.#refused(resource, "WebFinger names another actor");
    } catch (error) {
      return this.#refused(resource, String(error));
    }
  }

  #refused(resource: string, reason: string): false {
    log.debug("Not showing the handle {resource}: {reason}", { resource, reason });
    return false;
  }
}
