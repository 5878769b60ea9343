import { describe, expect, it } from "vitest";
import { DatabaseKvStore } from "../db/kv-store.ts";
import { databaseForThisFile, testDriver } from "./support/database.ts";
import { eventually } from "./support/instance.ts";
import { milliseconds } from "./support/time.ts";

const testDb = databaseForThisFile();

describe(`DatabaseKvStore on ${testDriver}`, () => {
  it("stores, overwrites, lists by prefix and deletes JSON values", async () => {
    const kv = new DatabaseKvStore(testDb.handle.db);
    await kv.set(["a", "1"], { x: 1 });
    await kv.set(["a", "2"], "text");
    await kv.set(["b", "1"], [1, 2]);
    await kv.set(["a", "1"], { x: 2 });
    expect(await kv.get(["a", "1"])).toEqual({ x: 2 });
    expect(await kv.get(["a", "2"])).toBe("text");
    expect(await kv.get(["missing"])).toBeUndefined();
    const listed = [];
    for await (const entry of kv.list(["a"])) listed.push(entry);
    expect(listed).toEqual([
      { key: ["a", "1"], value: { x: 2 } },
      { key: ["a", "2"], value: "text" },
    ]);
    await kv.delete(["a", "1"]);
    expect(await kv.get(["a", "1"])).toBeUndefined();
  });

  it("forgets a value after its time-to-live", async () => {
    const kv = new DatabaseKvStore(testDb.handle.db);
    const setAt = Date.now();
    await kv.set(["ttl"], 1, { ttl: milliseconds(200) });
    expect(await kv.get(["ttl"])).toBe(1);
    // Gone once its time is up, and not before.
    await eventually(async () => (await kv.get(["ttl"])) === undefined, 5_000);
    expect(Date.now() - setAt).toBeGreaterThanOrEqual(200);
  });

  it("compares and swaps only when the current value is the expected one", async () => {
    const kv = new DatabaseKvStore(testDb.handle.db);
    expect(await kv.cas(["cas"], undefined, { v: 1 })).toBe(true);
    expect(await kv.cas(["cas"], undefined, { v: 9 })).toBe(false);
    expect(await kv.cas(["cas"], { v: 2 }, { v: 3 })).toBe(false);
    expect(await kv.cas(["cas"], { v: 1 }, { v: 3 })).toBe(true);
    expect(await kv.get(["cas"])).toEqual({ v: 3 });
  });

  it("keeps values under a remembered prefix in memory, and forgets them on its own writes", async () => {
    const kv = new DatabaseKvStore(testDb.handle.db, { remember: [{ prefix: ["kept"], ms: 60_000 }] });
    const otherProcess = new DatabaseKvStore(testDb.handle.db);
    await otherProcess.set(["kept", "key"], "first");
    await otherProcess.set(["fresh", "key"], "first");
    expect(await kv.get(["kept", "key"])).toBe("first");
    expect(await kv.get(["fresh", "key"])).toBe("first");
    // Another process's change shows only once the kept copy runs out; other prefixes are read each time.
    await otherProcess.set(["kept", "key"], "second");
    await otherProcess.set(["fresh", "key"], "second");
    expect(await kv.get(["kept", "key"])).toBe("first");
    expect(await kv.get(["fresh", "key"])).toBe("second");
    // Its own writes are read back at once.
    await kv.set(["kept", "key"], "third");
    expect(await kv.get(["kept", "key"])).toBe("third");
    await kv.delete(["kept", "key"]);
    expect(await kv.get(["kept", "key"])).toBeUndefined();
  });

  it("keeps a remembered value no longer than its time-to-live", async () => {
    const kv = new DatabaseKvStore(testDb.handle.db, { remember: [{ prefix: ["kept-ttl"], ms: 60_000 }] });
    await kv.set(["kept-ttl"], 1, { ttl: milliseconds(200) });
    expect(await kv.get(["kept-ttl"])).toBe(1);
    await eventually(async () => (await kv.get(["kept-ttl"])) === undefined, 5_000);
  });
});
