import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createFederation, InProcessMessageQueue, MemoryKvStore } from "@fedify/fedify";
import type { DocumentLoaderFactory } from "@fedify/vocab-runtime";
import { describe, expect, it } from "vitest";
import { keepLoaders, rememberingLoaders } from "../federation/kept-loaders.ts";
import { userAgentOf } from "../federation/user-agent.ts";

describe("document loaders built once", () => {
  it("builds one loader per set of options, and a second for other options", () => {
    const built: unknown[] = [];
    const factory: DocumentLoaderFactory = (options) => {
      built.push(options);
      return async (url) => ({ contextUrl: null, document: { url }, documentUrl: url });
    };
    const remembering = rememberingLoaders(factory);
    const first = remembering({ allowPrivateAddress: false, userAgent: "Mycelium/1" });
    // Equal options in another object get the same loader.
    expect(remembering({ allowPrivateAddress: false, userAgent: "Mycelium/1" })).toBe(first);
    expect(remembering({ allowPrivateAddress: true, userAgent: "Mycelium/1" })).not.toBe(first);
    expect(remembering()).toBe(remembering(undefined));
    expect(built).toHaveLength(3);
  });

  it("gives every context of a federation the same loaders, which still fetch as this server and cache", async () => {
    const userAgents: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      userAgents.push(req.headers["user-agent"]);
      res.writeHead(200, { "content-type": "application/activity+json" });
      res.end(JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", type: "Note", id: `http://${req.headers.host}/note` }));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const origin = new URL("https://mutual-aid.example");
      // As federation/federation.ts builds it, with Fedify's own loaders underneath.
      const federation = createFederation<void>({
        kv: new MemoryKvStore(),
        queue: new InProcessMessageQueue(),
        origin: origin.origin,
        userAgent: userAgentOf(origin),
        allowPrivateAddress: true,
      });
      keepLoaders(federation);
      const one = federation.createContext(origin);
      const other = federation.createContext(new URL("/somewhere", origin));
      expect(other.documentLoader).toBe(one.documentLoader);
      expect(other.contextLoader).toBe(one.contextLoader);

      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/note`;
      const fetched = await one.documentLoader(url);
      expect(fetched.document).toMatchObject({ type: "Note", id: url });
      expect(await other.documentLoader(url)).toEqual(fetched);
      // Fetched once, kept in the store for the second; named as this server.
      expect(userAgents).toEqual([expect.stringContaining(userAgentOf(origin))]);
    } finally {
      server.close();
    }
  });
});
