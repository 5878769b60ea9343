import type { RequestContext } from "@fedify/fedify";
import { Create, PUBLIC_COLLECTION } from "@fedify/vocab";
import { ExpiringMap } from "../lib/expiring-map.ts";
import type { PostView } from "../src/posts/post.view.ts";
import type { FederationData } from "./context.ts";
import { buildNote, noteUri } from "./post-objects.ts";

/** About 3 KB each: the first pages of the outbox, which are what servers fetch. */
const KEPT = 1_000;

/**
 * A Create whose JSON-LD is already compacted. Fedify compacts every object with content
 * through the JSON-LD library (expand, then compact), which was most of an outbox page's
 * time (bench/results/README.md); an object with a cached form is written out as it is.
 */
class CompactedCreate extends Create {
  constructor(id: URL, jsonLd: unknown) {
    super({ id });
    this._cachedJsonLd = jsonLd;
  }
}

/**
 * The outbox's items, each post's Create compacted once per version of the post: the key
 * is everything the Create is built from (the public view, which holds the post's
 * `updatedAt`, its area's name and its language), so an edit, or a renamed area, makes a
 * new entry, and several web processes need not tell each other anything.
 */
export class OutboxItems {
  readonly #kept = new ExpiringMap<string, { key: string; jsonLd: unknown }>({ limit: KEPT });

  async build(ctx: RequestContext<FederationData>, identifier: string, posts: PostView[]): Promise<Create[]> {
    return Promise.all(posts.map((post) => this.#one(ctx, identifier, post)));
  }

  async #one(ctx: RequestContext<FederationData>, identifier: string, post: PostView): Promise<Create> {
    const key = `${ctx.canonicalOrigin}|${identifier}|${JSON.stringify(post)}`;
    const id = new URL("#create", noteUri(ctx, post.id));
    let kept = this.#kept.get(post.id);
    if (kept === undefined || kept.key !== key) {
      const note = buildNote(ctx, post, ctx.data.translate(post.language));
      const create = new Create({
        id,
        actor: ctx.getActorUri(identifier),
        object: note,
        published: note.published,
        to: PUBLIC_COLLECTION,
        cc: ctx.getFollowersUri(identifier),
      });
      // As Fedify writes a collection's items: no format, the request's context loader. An
      // item goes out inside the page, whose @context defines every term a Create of a Note
      // uses (ActivityStreams' and Hashtag), so its own copy is left out, as Mastodon's outbox
      // items carry none: a page is a quarter smaller. test/federation-posts.test.ts reads
      // each item back against the Note served alone, with its own context.
      const { "@context": _ownContext, ...item } = (await create.toJsonLd({ contextLoader: ctx.contextLoader })) as Record<string, unknown>;
      kept = { key, jsonLd: item };
    }
    // Set again on every use, so that the least recently used post is the one dropped.
    this.#kept.set(post.id, kept);
    return new CompactedCreate(id, kept.jsonLd);
  }
}
