import { createFederation, type KeyCache, MemoryKvStore, verifyRequest } from "@fedify/fedify";
import { Create } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import { serve } from "@hono/node-server";

/**
 * Two inboxes that store nothing, set beside figure 2 so that its gap to the ceiling can be
 * read: how much of it is HTTP, and how much Fedify's own handling of an activity.
 */
export interface ReferenceInboxes {
  /** The ceiling's work (verify, then parse) behind a bare HTTP route in this process. */
  bareUrl: string;
  /** Fedify's inbox with a listener that only reads the object: no queue, no database, keys in memory. */
  fedifyUrl: string;
  close(): void;
}

/** `allowPrivateAddress`: the remote actor whose keys they fetch is on 127.0.0.1. */
export async function startReferenceInboxes(): Promise<ReferenceInboxes> {
  const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
  const keys = new Map<string, unknown>();
  const keyCache = {
    get: async (id: URL) => keys.get(id.href),
    set: async (id: URL, key: unknown) => void keys.set(id.href, key),
  } as KeyCache;
  const bare = await listen(async (request) => {
    const key = await verifyRequest(request.clone(), { documentLoader, contextLoader: documentLoader, keyCache });
    if (key === null) return new Response("The signature did not verify.", { status: 401 });
    await Create.fromJsonLd(await request.json(), { documentLoader, contextLoader: documentLoader });
    return new Response(null, { status: 202 });
  });

  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true });
  // Fedify answers an inbox only for a federation that has actors.
  federation.setActorDispatcher("/users/{identifier}", async () => null);
  federation.setInboxListeners("/users/{identifier}/inbox", "/inbox").on(Create, async (_context, create) => {
    await create.getObject();
  });
  const fedify = await listen((request) => federation.fetch(request, { contextData: undefined }));
  return {
    bareUrl: `${bare.url}/inbox`,
    fedifyUrl: `${fedify.url}/inbox`,
    close() {
      bare.server.close();
      fedify.server.close();
    },
  };
}

async function listen(fetch: (request: Request) => Promise<Response>): Promise<{ server: ReturnType<typeof serve>; url: string }> {
  const server = serve({ fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}
