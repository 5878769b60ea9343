import { type Federation, type KeyCache, verifyRequest } from "@fedify/fedify";
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ExpiringMap } from "../lib/expiring-map.ts";
import { limitBody } from "./body-limit.ts";

/** The network's inbox and the shared inbox (FEDERATION.md). */
export const INBOX_PATHS = ["/inbox", "/actors/:identifier/inbox"];

/** Activities are small; 256 KB leaves room for a long post with many tags. */
export const INBOX_MAX_BYTES = 256 * 1024;
/** A real activity nests a dozen levels at most; deep nesting only serves to exhaust JSON-LD's recursion. */
export const INBOX_MAX_DEPTH = 64;
/**
 * How long the guard reuses a verified sender's key: as long as Fedify keeps the document it
 * was read from (5 minutes), so no key is older than it could already be.
 */
const KEY_TRUST_MS = 5 * 60 * 1000;
/** At most this many keys are remembered; the oldest go first. */
const KEYS_REMEMBERED = 10_000;

/**
 * What an inbox POST must pass before Fedify reads it: at most 256 KB, JSON nested at
 * most 64 levels deep, and a valid HTTP signature. Fedify, left alone, expands the
 * activity's JSON-LD (fetching every `@context` it names) before it checks the signature,
 * so an unsigned request could make the server fetch any address and crash JSON-LD with
 * deep nesting. Here the signature is checked first (Fedify checks it again, with the key
 * now cached): only a server that signs can make us fetch what its activity names, as
 * Mastodon also requires. A server or actor that a coordinator blocked is then refused with
 * 403 (`isBlocked` is asked about the verified key's owner and the key itself): its
 * signature is still checked first, so nobody can get another server's deliveries
 * refused by claiming to be it. The keys it fetched are kept in memory for a few minutes
 * (a signature the kept key does not verify makes Fedify fetch the key again).
 */
export function inboxGuard<TData>(
  federation: Federation<TData>,
  data: () => TData,
  isBlocked: (address: string) => Promise<boolean> = async () => false,
): MiddlewareHandler {
  const keyCache = recentKeys();
  const limit = limitBody(INBOX_MAX_BYTES, `An activity may be at most ${INBOX_MAX_BYTES / 1024} KB.`);
  const check: MiddlewareHandler = async (c, next) => {
    const text = await c.req.raw.clone().text();
    const depth = jsonDepth(text);
    if (depth > INBOX_MAX_DEPTH) throw new HTTPException(400, { message: `An activity may nest at most ${INBOX_MAX_DEPTH} levels deep.` });
    try {
      JSON.parse(text);
    } catch {
      throw new HTTPException(400, { message: "The body is not JSON." });
    }
    const ctx = federation.createContext(c.req.raw, data());
    const key = await verifyRequest(c.req.raw, { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, keyCache });
    if (key === null) throw new HTTPException(401, { message: "The request has no valid HTTP signature." });
    // The key's owner, or the key's own address without its fragment (`actor#main-key`).
    const signer = key.ownerId?.href ?? (key.id === null ? undefined : new URL("", key.id).href.replace(/#.*$/, ""));
    if (signer !== undefined && (await isBlocked(signer))) {
      throw new HTTPException(403, { message: "This server does not accept activities from you." });
    }
    await next();
  };
  return async (c, next) => (c.req.method === "POST" ? limit(c, async () => void (await check(c, next))) : next());
}

/**
 * Keys fetched in the last few minutes, by their id. Only keys that were found are kept:
 * an unavailable one is asked for again on the next request, as before there was a cache.
 */
function recentKeys(): KeyCache {
  const keys = new ExpiringMap<string, NonNullable<Awaited<ReturnType<KeyCache["get"]>>>>({ limit: KEYS_REMEMBERED, ms: KEY_TRUST_MS });
  return {
    async get(keyId) {
      return keys.get(keyId.href);
    },
    async set(keyId, key) {
      if (key === null) keys.delete(keyId.href);
      else keys.set(keyId.href, key);
    },
  };
}

/**
 * How deeply arrays and objects nest in a JSON text, counted without parsing (and without
 * recursion, so that no text can exhaust the stack). Brackets inside strings do not count.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth--;
    }
  }
  return deepest;
}
