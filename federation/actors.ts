import type { Federation, RequestContext } from "@fedify/fedify";
import { Application, Endpoints, Event, Group, Note, Proposal } from "@fedify/vocab";
import { escapeHtml } from "../src/text.ts";
import { type FederationData, INSTANCE_ACTOR } from "./context.ts";
import { buildCrisisEvent, buildCrisisNote, CRISIS_NOTE_PREFIX } from "./crisis-objects.ts";
import { buildEvent, buildEventNote, EVENT_NOTE_PREFIX } from "./event-objects.ts";
import { OutboxItems } from "./outbox-items.ts";
import { buildNote, buildProposal } from "./post-objects.ts";
import { toRecipient } from "./remote-actor.ts";

const OUTBOX_PAGE = 20;
const EVENT_NOTE = new RegExp(`^${EVENT_NOTE_PREFIX}([0-9a-f-]{36})-(\\d{1,15})$`);

/**
 * The network's `Group` actor, the instance's `Application` actor (it signs our fetches,
 * for servers that demand signed fetches), and their collections.
 */
export function registerActors(federation: Federation<FederationData>): void {
  federation
    .setActorDispatcher("/actors/{identifier}", async (ctx, identifier) => {
      const { settings } = ctx.data.services;
      if (identifier !== INSTANCE_ACTOR && identifier !== settings.handle) return null;
      const profile = await settings.profile();
      const keys = await ctx.getActorKeyPairs(identifier);
      const common = {
        id: ctx.getActorUri(identifier),
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: keys[0]?.cryptographicKey,
        assertionMethods: keys.map((key) => key.multikey),
      };
      if (identifier === INSTANCE_ACTOR) {
        return new Application({
          ...common,
          preferredUsername: ctx.hostname,
          name: `${profile.name} (instance actor)`,
          summary: "Signs this server's requests to other servers. Follow the network's own account instead.",
          manuallyApprovesFollowers: true,
        });
      }
      return new Group({
        ...common,
        preferredUsername: profile.handle,
        name: profile.name,
        summary: profile.summary === "" ? null : `<p>${escapeHtml(profile.summary)}</p>`,
        url: new URL("/", ctx.canonicalOrigin),
        followers: ctx.getFollowersUri(identifier),
        following: ctx.getFollowingUri(identifier),
        // People are accepted at once; another network's follow waits for a coordinator,
        // which this flag cannot express, so it tells Mastodon the common case.
        manuallyApprovesFollowers: false,
        discoverable: true,
        indexable: true,
      });
    })
    .mapHandle((ctx, username) => (username === ctx.data.services.settings.handle ? username : null))
    .setKeyPairsDispatcher((ctx, identifier) => {
      if (identifier === INSTANCE_ACTOR) return ctx.data.keys.instance;
      return identifier === ctx.data.services.settings.handle ? ctx.data.keys.network : [];
    });

  federation
    .setFollowersDispatcher("/actors/{identifier}/followers", async (ctx, identifier) => {
      if (identifier !== ctx.data.services.settings.handle) return null;
      // Who follows a mutual aid network is nobody else's business: a fetched collection
      // shows only the count. Deliveries to "followers" (no request) get every inbox.
      if (isServingRequest(ctx)) return { items: [] };
      const followers = await ctx.data.services.networks.acceptedFollowers();
      return { items: followers.map(toRecipient) };
    })
    .setCounter((ctx, identifier) =>
      identifier === ctx.data.services.settings.handle ? ctx.data.services.networks.countAcceptedFollowers() : null,
    );

  federation
    .setFollowingDispatcher("/actors/{identifier}/following", async (ctx, identifier) => {
      if (identifier !== ctx.data.services.settings.handle) return null;
      const following = await ctx.data.services.networks.acceptedFollowing();
      return { items: following.map((f) => new URL(f.iri)) };
    })
    .setCounter(async (ctx, identifier) =>
      identifier === ctx.data.services.settings.handle ? (await ctx.data.services.networks.acceptedFollowing()).length : null,
    );

  // The outbox: a Create of each public post's Note, newest first, in pages.
  const outboxItems = new OutboxItems();
  federation
    .setOutboxDispatcher("/actors/{identifier}/outbox", async (ctx, identifier, cursor) => {
      if (identifier === INSTANCE_ACTOR) return { items: [] };
      if (identifier !== ctx.data.services.settings.handle || cursor === null) return null;
      const offset = Number.parseInt(cursor, 10);
      if (!Number.isInteger(offset) || offset < 0) return null;
      const { items, more } = await ctx.data.services.posts.listPublic(offset, OUTBOX_PAGE);
      return {
        items: await outboxItems.build(ctx, identifier, items),
        nextCursor: more ? String(offset + OUTBOX_PAGE) : null,
      };
    })
    .setFirstCursor((ctx, identifier) => (identifier === ctx.data.services.settings.handle ? "0" : null))
    .setCounter(async (ctx, identifier) => {
      if (identifier === INSTANCE_ACTOR) return 0;
      return identifier === ctx.data.services.settings.handle ? ctx.data.services.posts.countPublic() : null;
    });

  // Each public post's Note and Proposal can be fetched by id (Mastodon does, for replies).
  federation.setObjectDispatcher(Note, "/ap/notes/{id}", async (ctx, { id }) => {
    const eventNote = EVENT_NOTE.exec(id);
    if (eventNote !== null) {
      const event = await ctx.data.services.events.findPublic(eventNote[1]!);
      return event === null ? null : buildEventNote(ctx, event, ctx.data.translate("en"), Number(eventNote[2]));
    }
    if (id.startsWith(CRISIS_NOTE_PREFIX)) {
      const crisis = await ctx.data.services.crises.find(id.slice(CRISIS_NOTE_PREFIX.length));
      return crisis === null ? null : buildCrisisNote(ctx, crisis, ctx.data.translate("en"));
    }
    const post = await ctx.data.services.posts.getPublic(id);
    return post === null ? null : buildNote(ctx, post, ctx.data.translate(post.language));
  });
  // Crises (/ap/crises/ID) and public events (/ap/events/ID) share Fedify's one Event dispatcher.
  federation.setObjectDispatcher(Event, "/ap/{kind}/{id}", async (ctx, { kind, id }) => {
    if (kind === "events") {
      const event = await ctx.data.services.events.findPublic(id);
      return event === null ? null : buildEvent(ctx, event, ctx.data.translate("en"));
    }
    const crisis = kind === "crises" ? await ctx.data.services.crises.find(id) : null;
    return crisis === null ? null : buildCrisisEvent(ctx, crisis);
  });
  federation.setObjectDispatcher(Proposal, "/ap/proposals/{id}", async (ctx, { id }) => {
    const post = await ctx.data.services.posts.getPublic(id);
    return post === null ? null : buildProposal(ctx, post, []);
  });
}

function isServingRequest(ctx: object): ctx is RequestContext<FederationData> {
  return "request" in ctx;
}
