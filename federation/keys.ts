import { exportJwk, generateCryptoKeyPair, importJwk } from "@fedify/fedify";
import type { Database } from "../db/database.ts";
import { insertActorKeyPairIfAbsent, listActorKeyPairs } from "../db/queries/actor-keys.ts";

/** Our two actors, by the name their keys are stored under. */
export type LocalActor = "network" | "instance";

export type ActorKeyPairs = Record<LocalActor, CryptoKeyPair[]>;

const RSA = "RSASSA-PKCS1-v1_5";
const ED25519 = "Ed25519";

/**
 * Loads our actors' key pairs, creating any that are missing (first start). Each actor has
 * an RSA key, which Mastodon needs for HTTP signatures, and an Ed25519 key for object
 * proofs. RSA is 2048-bit like Mastodon's: signing every delivery is our hottest crypto,
 * and 4096-bit keys (Fedify's default) sign about four times slower for no benefit peers use.
 */
export async function loadActorKeyPairs(db: Database): Promise<ActorKeyPairs> {
  const result = {} as ActorKeyPairs;
  for (const actor of ["network", "instance"] as const) {
    let stored = await listActorKeyPairs(db, actor);
    if (stored.length < 2) {
      for (const algorithm of [RSA, ED25519] as const) {
        if (stored.some((pair) => pair.algorithm === algorithm)) continue;
        const pair = algorithm === RSA ? await generateRsaKeyPair() : await generateCryptoKeyPair(ED25519);
        await insertActorKeyPairIfAbsent(db, actor, {
          algorithm,
          privateKey: await exportJwk(pair.privateKey),
          publicKey: await exportJwk(pair.publicKey),
        });
      }
      // Read back: another process starting at the same moment may have stored its pair first.
      stored = await listActorKeyPairs(db, actor);
    }
    // RSA first: Fedify signs HTTP requests with the first RSA key and publishes it as publicKey.
    stored.sort((a, b) => (a.algorithm === RSA ? -1 : b.algorithm === RSA ? 1 : 0));
    result[actor] = await Promise.all(
      stored.map(async (pair) => ({
        privateKey: await importJwk(pair.privateKey, "private"),
        publicKey: await importJwk(pair.publicKey, "public"),
      })),
    );
  }
  return result;
}

function generateRsaKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, [
    "sign",
    "verify",
  ]);
}
