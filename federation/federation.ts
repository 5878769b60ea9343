import { createFederation, type Federation, type KvStore, type MessageQueue } from "@fedify/fedify";
import { SOFTWARE_VERSION } from "../src/version.ts";
import { registerActors } from "./actors.ts";
import { BlockedDeliveryQueue } from "./blocked-deliveries.ts";
import type { FederationData } from "./context.ts";
import { DirectDeliveryQueue } from "./direct-delivery.ts";
import { registerInbox } from "./inbox.ts";
import { keepLoaders } from "./kept-loaders.ts";
import { SignatureSpecMemo } from "./signature-spec-memo.ts";
import { UserAgentQueue, userAgentOf } from "./user-agent.ts";

export interface FederationOptions {
  origin: URL;
  kv: KvStore;
  queue: MessageQueue;
  /** Only for several instances on one machine (tests, development): it disables SSRF protection. */
  allowPrivateAddress: boolean;
  /** Told of every failed delivery attempt, including those Fedify does not rethrow (metrics). */
  onOutboxError?: () => void;
  /** Whether a block covers an address (an inbox or an actor): deliveries there are dropped. */
  isBlocked?: (address: string) => Promise<boolean>;
}

/**
 * Builds the Fedify federation: WebFinger, NodeInfo, the network's actor, its collections
 * and its inbox. The queue is started separately (by worker processes only).
 */
export function buildFederation(options: FederationOptions): Federation<FederationData> {
  const userAgent = userAgentOf(options.origin);
  const kv = new SignatureSpecMemo(options.kv);
  const unblocked = options.isBlocked === undefined ? options.queue : new BlockedDeliveryQueue(options.queue, options.isBlocked);
  const federation = createFederation<FederationData>({
    kv,
    // Blocks are checked first, then a plain signed POST is tried, then Fedify's handler.
    queue: new UserAgentQueue(new DirectDeliveryQueue(unblocked, kv), userAgent),
    // Fetches and WebFinger lookups; the queue above names our deliveries the same way.
    userAgent,
    manuallyStartQueue: true,
    origin: options.origin.origin,
    allowPrivateAddress: options.allowPrivateAddress,
    onOutboxError: options.onOutboxError,
    // Our queue already retries each failed delivery in place, with backoff. Fedify's circuit
    // breaker would instead re-enqueue held deliveries as new messages, behind later ones
    // for the same post, and hold them far longer than a sibling's short outage.
    circuitBreaker: false,
  });
  keepLoaders(federation);
  registerActors(federation);
  registerInbox(federation);
  // An inbox that answers 404 or 410 is gone for good: stop delivering to that follower.
  federation.setOutboxPermanentFailureHandler(async (ctx, { actorIds }) => {
    for (const actorId of actorIds) await ctx.data.services.networks.receiveUnfollow(actorId.href, undefined);
  });
  federation.setNodeInfoDispatcher("/nodeinfo/2.1", async (ctx) => {
    const { activeMembers, publicPosts } = await ctx.data.services.stats();
    return {
      software: { name: "mycelium", version: SOFTWARE_VERSION, homepage: new URL("/", ctx.canonicalOrigin) },
      protocols: ["activitypub"],
      // Joining is by invitation or a coordinator's approval, never open sign-up.
      openRegistrations: false,
      usage: { users: { total: activeMembers }, localPosts: publicPosts, localComments: 0 },
      metadata: { nodeName: (await ctx.data.services.settings.profile()).name },
    };
  });
  return federation;
}
