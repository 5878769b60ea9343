import type { MessageQueue } from "@fedify/fedify";
import { describe, expect, it } from "vitest";
import { BlockedDeliveryQueue } from "../federation/blocked-deliveries.ts";
import { anyBlockCovers, normaliseDomain } from "../src/safety/server-block.policy.ts";

/** A queue that hands every enqueued message straight to its listener. */
class DirectQueue implements MessageQueue {
  #handler: ((message: unknown) => Promise<void> | void) | null = null;
  async enqueue(message: unknown): Promise<void> {
    await this.#handler?.(message);
  }
  listen(handler: (message: unknown) => Promise<void> | void): Promise<void> {
    this.#handler = handler;
    return Promise.resolve();
  }
}

describe("blocks on the way out", () => {
  const blocks = [
    { kind: "domain" as const, target: "spam.example" },
    { kind: "actor" as const, target: "https://social.example/users/troll" },
  ];

  it("covers a blocked server with its subdomains, and an actor exactly", () => {
    expect(anyBlockCovers(blocks, "https://spam.example/users/a")).toBe(true);
    expect(anyBlockCovers(blocks, "https://eu.spam.example/inbox")).toBe(true);
    expect(anyBlockCovers(blocks, "https://notspam.example/inbox")).toBe(false);
    expect(anyBlockCovers(blocks, "https://social.example/users/troll")).toBe(true);
    expect(anyBlockCovers(blocks, "https://social.example/users/kind")).toBe(false);
    expect(normaliseDomain("HTTPS://Spam.Example/some/page")).toBe("spam.example");
    expect(normaliseDomain("münchen.example")).toBe("xn--mnchen-3ya.example");
    expect(normaliseDomain("no such host!")).toBeNull();
  });

  it("drops deliveries already queued for a blocked server or actor when a worker takes them up", async () => {
    const inner = new DirectQueue();
    const queue = new BlockedDeliveryQueue(inner, async (address) => anyBlockCovers(blocks, address));
    const delivered: string[] = [];
    await queue.listen((message) => {
      delivered.push((message as { inbox: string }).inbox);
    });
    const outbox = (inbox: string, actorIds: string[]) => ({ type: "outbox", inbox, actorIds });
    await queue.enqueue(outbox("https://spam.example/inbox", ["https://spam.example/users/a"]));
    await queue.enqueue(outbox("https://social.example/users/troll/inbox", ["https://social.example/users/troll"]));
    await queue.enqueue(
      outbox("https://social.example/inbox", ["https://social.example/users/troll", "https://social.example/users/kind"]),
    );
    await queue.enqueue(outbox("https://friends.example/inbox", ["https://friends.example/users/b"]));
    expect(delivered).toEqual(["https://social.example/inbox", "https://friends.example/inbox"]);
  });
});
