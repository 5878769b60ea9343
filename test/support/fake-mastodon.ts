import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { detachSignature, signRequest, verifyObject, verifyRequest } from "@fedify/fedify";
import { Activity } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";

const AS = "https://www.w3.org/ns/activitystreams";
export const PUBLIC = `${AS}#Public`;
// The JSON-LD context Mastodon puts on its statuses (trimmed to what these payloads use).
const MASTODON_CONTEXT = [
  AS,
  {
    ostatus: "http://ostatus.org#",
    atomUri: "ostatus:atomUri",
    inReplyToAtomUri: "ostatus:inReplyToAtomUri",
    conversation: "ostatus:conversation",
    sensitive: "as:sensitive",
    toot: "http://joinmastodon.org/ns#",
  },
];

export interface Delivery {
  /** Whose inbox received it. */
  to: string;
  body: any;
  /** Whether its HTTP signature verified against the sender's published key. */
  signed: boolean;
}

/**
 * Whether a delivered activity's object integrity proof (FEP-8b32) verifies against the key
 * its actor publishes. The Linked Data signature, added after the proof, is removed first,
 * as FEP-8b32 tells verifiers to (Fedify's and Mastodon's inboxes do the same).
 */
export async function proofVerifies(activity: object): Promise<boolean> {
  const loader = getDocumentLoader({ allowPrivateAddress: true });
  return (await verifyObject(Activity, detachSignature(activity), { documentLoader: loader, contextLoader: loader })) !== null;
}

/** The `to` of deliveries that arrived at the server's shared inbox. */
export const SHARED_INBOX = "(shared inbox)";

export interface FakeAccount {
  username: string;
  actorUrl: string;
  inboxUrl: string;
}

/**
 * A stand-in for a Mastodon server, built from the payloads Mastodon documents and sends:
 * Person actors with RSA keys, signed Follow / Undo / Create(Note) deliveries, and inboxes
 * that verify the signatures of what they receive. `goneAccounts` answer 410 Gone, as
 * Mastodon does for a deleted account. With `sharedInbox`, actors advertise the server's
 * shared inbox, as Mastodon's do.
 */
export class FakeMastodon {
  /** Deliveries that were answered (202), in order. */
  readonly deliveries: Delivery[] = [];
  /** Deliveries whose sender hung up before the (slow) answer: they never completed. */
  readonly abandoned: Delivery[] = [];
  /** Every delivery as it arrives, before it is answered. */
  readonly arrivals: Delivery[] = [];
  readonly goneAccounts = new Set<string>();
  /** Accounts whose WebFinger does not vouch for them (as if their actor lied about its name). */
  readonly unconfirmedAccounts = new Set<string>();
  /** Every request that reached the server, with the User-Agent it named and the standard it was signed with. */
  readonly requests: { method: string; path: string; userAgent: string | undefined; signedWith: "rfc9421" | "draft" | null }[] = [];
  /** How many of the next inbox POSTs are answered 503, as a server under too much load. */
  busyFor = 0;
  /** How long an inbox takes to answer; a slow server. */
  inboxDelayMs = 0;
  readonly #sharedInbox: boolean;
  readonly #draftSignaturesOnly: boolean;
  #server: Server | undefined;
  #base = "";
  #keys = new Map<string, { pair: CryptoKeyPair; pem: string }>();
  #objects = new Map<string, unknown>();
  /** Display names changed by `rename`; others show their username, capitalised. */
  #names = new Map<string, string>();

  /**
   * With `draftSignaturesOnly`, inboxes refuse (401) a request signed only with RFC 9421, as
   * Mastodon servers that do not read RFC 9421 signatures do.
   */
  constructor(options: { sharedInbox?: boolean; draftSignaturesOnly?: boolean } = {}) {
    this.#sharedInbox = options.sharedInbox ?? false;
    this.#draftSignaturesOnly = options.draftSignaturesOnly ?? false;
  }

  get base(): string {
    return this.#base;
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      this.#handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { "content-type": "application/activity+json" });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    this.#base = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  async addAccount(username: string): Promise<FakeAccount> {
    const pair = await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    );
    const spki = Buffer.from(await crypto.subtle.exportKey("spki", pair.publicKey)).toString("base64");
    const pem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join("\n")}\n-----END PUBLIC KEY-----\n`;
    this.#keys.set(username, { pair, pem });
    return this.account(username);
  }

  account(username: string): FakeAccount {
    return {
      username,
      actorUrl: `${this.#base}/users/${username}`,
      inboxUrl: `${this.#base}/users/${username}/inbox`,
    };
  }

  received(username: string, type?: string): any[] {
    return this.deliveries.filter((d) => d.to === username && (type === undefined || d.body.type === type)).map((d) => d.body);
  }

  async follow(username: string, target: string): Promise<string> {
    const id = `${this.#base}/${randomUUID()}`;
    await this.send(username, target, { "@context": AS, id, type: "Follow", actor: this.account(username).actorUrl, object: target });
    return id;
  }

  /** Unfollowing, as Mastodon does it: an Undo wrapping the original Follow. */
  async unfollow(username: string, target: string, followId: string): Promise<void> {
    const actor = this.account(username).actorUrl;
    await this.send(username, target, {
      "@context": AS,
      id: `${actor}#follows/${randomUUID()}/undo`,
      type: "Undo",
      actor,
      object: { id: followId, type: "Follow", actor, object: target },
    });
  }

  /** A reply, as Mastodon sends it: a Create wrapping the Note, mentioning the author. */
  async reply(username: string, inReplyTo: string, target: string, html: string): Promise<object> {
    const actor = this.account(username).actorUrl;
    const noteId = `${actor}/statuses/${Date.now()}`;
    const note = {
      id: noteId,
      type: "Note",
      summary: null,
      inReplyTo,
      published: new Date().toISOString(),
      url: `${this.#base}/@${username}/${Date.now()}`,
      attributedTo: actor,
      to: [PUBLIC],
      cc: [`${actor}/followers`, target],
      sensitive: false,
      atomUri: noteId,
      inReplyToAtomUri: inReplyTo,
      content: html,
      contentMap: { en: html },
      attachment: [],
      tag: [{ type: "Mention", href: target, name: "@network" }],
    };
    this.#objects.set(noteId, { "@context": MASTODON_CONTEXT, ...note });
    const create = {
      "@context": MASTODON_CONTEXT,
      id: `${noteId}/activity`,
      type: "Create",
      actor,
      published: note.published,
      to: note.to,
      cc: note.cc,
      object: note,
    };
    await this.send(username, target, create);
    return create;
  }

  /** Changes an account's display name and tells `target` with an Update of the actor, as Mastodon does on a profile edit. */
  async rename(username: string, name: string, target: string): Promise<void> {
    this.#names.set(username, name);
    const { "@context": context, ...person } = this.#actorDocument(username);
    const id = `${person.id}#updates/${randomUUID()}`;
    await this.send(username, target, { "@context": context, id, type: "Update", actor: person.id, to: [PUBLIC], object: person });
  }

  /** Signs (draft-cavage, as Mastodon does) and POSTs an activity to the target actor's inbox. */
  async send(username: string, targetActor: string, activity: object): Promise<Response> {
    const actorDoc = await (await fetch(targetActor, { headers: { accept: "application/activity+json" } })).json();
    const request = new Request(actorDoc.inbox, {
      method: "POST",
      headers: { "content-type": "application/activity+json", accept: "application/activity+json" },
      body: JSON.stringify(activity),
    });
    const key = this.#keys.get(username)!;
    const signed = await signRequest(request, key.pair.privateKey, new URL(`${this.account(username).actorUrl}#main-key`));
    const response = await fetch(signed);
    if (response.status >= 300) throw new Error(`delivery → ${response.status}: ${await response.text()}`);
    return response;
  }

  /** Waits `ms` before answering; true if the sender's connection closed meanwhile. */
  #senderHungUp(req: IncomingMessage, ms: number): Promise<boolean> {
    if (req.socket.destroyed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        req.socket.off("close", onClose);
        resolve(req.socket.destroyed);
      }, ms);
      const onClose = () => {
        clearTimeout(timer);
        resolve(true);
      };
      req.socket.once("close", onClose);
    });
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const url = new URL(req.url!, this.#base);
    // RFC 9421 sends Signature-Input with its Signature header; the older draft, Signature alone.
    const signedWith = req.headers["signature-input"] !== undefined ? "rfc9421" : req.headers.signature !== undefined ? "draft" : null;
    this.requests.push({ method: req.method!, path: url.pathname, userAgent: req.headers["user-agent"], signedWith });
    if (req.method === "GET" && url.pathname === "/.well-known/webfinger") return this.#webfinger(url.searchParams.get("resource") ?? "");
    const match = /^\/users\/([a-z0-9_]+)(\/inbox)?$/.exec(url.pathname);
    const shared = this.#sharedInbox && url.pathname === "/inbox";
    if (req.method === "POST" && (match?.[2] || shared)) {
      const username = shared ? SHARED_INBOX : match![1]!;
      if (this.goneAccounts.has(username)) return { status: 410 };
      if (this.#draftSignaturesOnly && signedWith !== "draft") return { status: 401 };
      if (this.busyFor > 0) {
        this.busyFor--;
        return { status: 503 };
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const request = new Request(url, {
        method: "POST",
        headers: Object.entries(req.headers).map(([k, v]) => [k, String(v)]) as [string, string][],
        body,
      });
      const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
      const key = await verifyRequest(request, { documentLoader, contextLoader: documentLoader }).catch(() => null);
      const delivery = { to: username, body: JSON.parse(body.toString("utf8")), signed: key !== null };
      this.arrivals.push(delivery);
      if (this.inboxDelayMs > 0 && (await this.#senderHungUp(req, this.inboxDelayMs))) {
        this.abandoned.push(delivery);
        return { status: 503 };
      }
      this.deliveries.push(delivery);
      return { status: 202 };
    }
    if (req.method === "GET" && match && !match[2] && this.#keys.has(match[1]!)) {
      return { status: 200, body: this.#actorDocument(match[1]!) };
    }
    const object = this.#objects.get(url.href);
    return object === undefined ? { status: 404 } : { status: 200, body: object };
  }

  /** The account's Person, as its actor URL serves it. */
  #actorDocument(username: string) {
    const actor = `${this.#base}/users/${username}`;
    return {
      "@context": [AS, "https://w3id.org/security/v1"],
      id: actor,
      type: "Person",
      preferredUsername: username,
      name: this.#names.get(username) ?? username[0]!.toUpperCase() + username.slice(1),
      inbox: `${actor}/inbox`,
      outbox: `${actor}/outbox`,
      followers: `${actor}/followers`,
      ...(this.#sharedInbox ? { endpoints: { sharedInbox: `${this.#base}/inbox` } } : {}),
      following: `${actor}/following`,
      url: `${this.#base}/@${username}`,
      publicKey: { id: `${actor}#main-key`, owner: actor, publicKeyPem: this.#keys.get(username)!.pem },
    };
  }

  /** Mastodon's WebFinger: `acct:user@host` names the account's actor. */
  #webfinger(resource: string): { status: number; body?: unknown } {
    const [, username, host] = /^acct:([a-z0-9_]+)@(.+)$/.exec(resource) ?? [];
    if (username === undefined || host !== new URL(this.#base).host) return { status: 404 };
    if (!this.#keys.has(username) || this.unconfirmedAccounts.has(username)) return { status: 404 };
    const actor = `${this.#base}/users/${username}`;
    return { status: 200, body: { subject: resource, links: [{ rel: "self", type: "application/activity+json", href: actor }] } };
  }
}
