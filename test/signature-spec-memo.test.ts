import { type KvKey, MemoryKvStore } from "@fedify/fedify";
import { describe, expect, it } from "vitest";
import { SignatureSpecMemo } from "../federation/signature-spec-memo.ts";

/** A store that counts what reaches it, as the database would see it. */
class CountingStore extends MemoryKvStore {
  reads = 0;
  writes = 0;
  override get<T = unknown>(key: KvKey) {
    this.reads++;
    return super.get<T>(key);
  }
  override set(key: KvKey, value: unknown) {
    this.writes++;
    return super.set(key, value);
  }
}

const spec = (origin: string): KvKey => ["_fedify", "httpMessageSignaturesSpec", origin];

describe("the signature standard each server accepts, remembered in memory", () => {
  it("reads and writes it in the store once per server, not once per delivery, and a change still reaches the store", async () => {
    const store = new CountingStore();
    const memo = new SignatureSpecMemo(store);
    // What Fedify does around each of 100 deliveries to one server.
    for (let i = 0; i < 100; i++) {
      await memo.get(spec("https://a.example"));
      await memo.set(spec("https://a.example"), "rfc9421");
    }
    expect([store.reads, store.writes]).toEqual([1, 1]);
    // The server stops accepting RFC 9421: the new answer is stored, and read back from memory.
    await memo.set(spec("https://a.example"), "draft-cavage-http-signatures-12");
    expect(store.writes).toBe(2);
    expect(await store.get(spec("https://a.example"))).toBe("draft-cavage-http-signatures-12");
    expect(await new SignatureSpecMemo(store).get(spec("https://a.example"))).toBe("draft-cavage-http-signatures-12");
  });

  it("leaves every other key to the store", async () => {
    const store = new CountingStore();
    const memo = new SignatureSpecMemo(store);
    const key: KvKey = ["_fedify", "publicKey", "https://a.example/actor#main-key"];
    await memo.set(key, { id: 1 });
    await memo.set(key, { id: 1 });
    await memo.get(key);
    await memo.get(key);
    expect([store.reads, store.writes]).toEqual([2, 2]);
    await memo.delete(key);
    expect(await memo.get(key)).toBeUndefined();
  });
});
