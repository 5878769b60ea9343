import { createServer, type Server } from "node:http";
import { type KeyCache, signRequest, verifyRequest } from "@fedify/fedify";
import { Create, CryptographicKey, type Multikey, Note, Person, PUBLIC_COLLECTION } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import { sql } from "drizzle-orm";
import { queryRows } from "../db/database.ts";
import type { RunningInstance } from "../src/instance.ts";
import { startReferenceInboxes } from "./inbox-references.ts";
import { type Measurement, measurement, postAll, runPool, shareOfCeiling, waitUntil } from "./measure.ts";

/** How many requests a busy remote server sends to us at once. */
const SENDERS = 8;

/**
 * A remote Mastodon-like actor on 127.0.0.1 that the instance can fetch (with its RSA key),
 * and that signs the activities we post as if its server sent them.
 */
async function startRemoteActor(): Promise<{ server: Server; actorId: URL; keyId: URL; privateKey: CryptoKey }> {
  // RSA-2048 like Mastodon's (Fedify's generator would make a 4096-bit key).
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  let document = "";
  const server = createServer((req, res) => {
    if (req.url === "/users/replier") {
      res.writeHead(200, { "content-type": "application/activity+json" }).end(document);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const actorId = new URL(`${base}/users/replier`);
  const keyId = new URL(`${actorId.href}#main-key`);
  const person = new Person({
    id: actorId,
    preferredUsername: "replier",
    name: "A neighbour on Mastodon",
    inbox: new URL(`${base}/users/replier/inbox`),
    publicKey: new CryptographicKey({ id: keyId, owner: actorId, publicKey: pair.publicKey }),
  });
  document = JSON.stringify(await person.toJsonLd());
  return { server, actorId, keyId, privateKey: pair.privateKey };
}

/**
 * Figure 2: signed replies (`Create` of a `Note`) to one of our posts, accepted and stored.
 * The requests are signed beforehand, so signing is not counted. The ceiling is verifying
 * the same requests and parsing them with Fedify's vocabulary, with no storage. Two inboxes
 * that store nothing are measured for the notes (see inbox-references.ts).
 */
export async function measureInbox(
  instance: RunningInstance & { url: string },
  postId: string,
  count: number,
  timeoutMs: number,
): Promise<Measurement[]> {
  const remote = await startRemoteActor();
  const references = await startReferenceInboxes();
  try {
    const noteOfPost = new URL(`${instance.url}/ap/notes/${postId}`);
    const bodies = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const note = new Note({
          id: new URL(`${remote.actorId.href}/statuses/${i}`),
          attribution: remote.actorId,
          replyTarget: noteOfPost,
          content: `<p>I can bring some of this on Saturday (${i}).</p>`,
          to: PUBLIC_COLLECTION,
        });
        const create = new Create({ id: new URL(`${note.id!.href}/activity`), actor: remote.actorId, object: note, to: PUBLIC_COLLECTION });
        return JSON.stringify(await create.toJsonLd());
      }),
    );
    const sign = (url: string, body: string) =>
      signRequest(
        new Request(url, { method: "POST", headers: { "content-type": "application/activity+json" }, body }),
        remote.privateKey,
        remote.keyId,
      );
    const signed = await Promise.all(bodies.map((body) => sign(`${instance.url}/inbox`, body)));
    const forCeiling = await Promise.all(bodies.map((body) => sign(`${instance.url}/inbox`, body)));
    const forBare = await Promise.all(bodies.map((body) => sign(references.bareUrl, body)));
    const forFedify = await Promise.all(bodies.map((body) => sign(references.fedifyUrl, body)));

    const stored = async () =>
      (await queryRows<{ n: number }>(instance.database.db, sql`SELECT count(*)::int AS n FROM responses WHERE post_id = ${postId}`))[0]!.n;
    const before = await stored();
    const started = performance.now();
    await postAll(signed, SENDERS);
    await waitUntil(async () => (await stored()) - before >= count, timeoutMs, "storing every reply");
    const value = (count * 1000) / (performance.now() - started);

    const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
    const keys = new Map<string, CryptographicKey | Multikey | null>();
    const keyCache: KeyCache = { get: async (id) => keys.get(id.href), set: async (id, key) => void keys.set(id.href, key) };
    const ceilingMs = await runPool(count, SENDERS, async (i) => {
      const request = forCeiling[i]!;
      const key = await verifyRequest(request.clone(), { documentLoader, contextLoader: documentLoader, keyCache });
      if (key === null) throw new Error("the ceiling could not verify a request");
      await Create.fromJsonLd(await request.json(), { documentLoader, contextLoader: documentLoader });
    });
    const bareRate = await postAll(forBare, SENDERS);
    const fedifyRate = await postAll(forFedify, SENDERS);
    const ceilingRate = (count * 1000) / ceilingMs;
    const share = (rate: number) => `${Math.round(rate)}/s, ${Math.round((rate / ceilingRate) * 100)}% of the ceiling`;
    const m = measurement({
      id: "inbox.creates_per_s",
      figure: "2. Inbox",
      label: `${count} signed Create(Note) replies, ${SENDERS} at a time`,
      value,
      unit: "activities/s",
      direction: "higher",
      ceiling: { label: "verify + parse only", value: ceilingRate },
      notes:
        "from the first POST until every reply is stored (through the queue); storing nothing, " +
        `the ceiling's work behind a bare HTTP route: ${share(bareRate)}; ` +
        `Fedify's inbox with a listener that only reads the object (no queue, no database): ${share(fedifyRate)}`,
    });
    // Issue #19's targets: half of the ceiling on PostgreSQL, 30% on PGlite, where every
    // statement runs on the instance's own thread.
    m.target = shareOfCeiling(m.ratio, instance.database.driver === "pglite" ? 0.3 : 0.5);
    return [m];
  } finally {
    references.close();
    remote.server.close();
  }
}
