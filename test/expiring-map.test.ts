import { describe, expect, it } from "vitest";
import { ExpiringMap } from "../lib/expiring-map.ts";

describe("ExpiringMap, the bounded in-memory map the caches share", () => {
  it("keeps a value until its time is up; a time of zero keeps nothing", () => {
    const map = new ExpiringMap<string, number>({ limit: 10, ms: 60_000 });
    map.set("kept", 1);
    map.set("gone", 2, 0);
    expect(map.get("kept")).toBe(1);
    expect(map.get("gone")).toBeUndefined();
    expect(map.get("never set")).toBeUndefined();
    // The expired entry was dropped when read.
    expect(map.size).toBe(1);
  });

  it("without a time, keeps values until they are pushed out", () => {
    const map = new ExpiringMap<string, string>({ limit: 2 });
    map.set("a", "first");
    expect(map.get("a")).toBe("first");
  });

  it("past its limit drops the entry set longest ago; setting again makes an entry the newest, reading does not", () => {
    const map = new ExpiringMap<string, number>({ limit: 3, ms: 60_000 });
    map.set("a", 1);
    map.set("b", 2);
    map.set("c", 3);
    map.set("a", 10); // a is now the newest
    map.get("b"); // reading b does not save it
    map.set("d", 4);
    expect([map.get("a"), map.get("b"), map.get("c"), map.get("d")]).toEqual([10, undefined, 3, 4]);
    expect(map.size).toBe(3);
  });

  it("forgets a deleted key", () => {
    const map = new ExpiringMap<string, number>({ limit: 3 });
    map.set("a", 1);
    map.delete("a");
    map.delete("never set");
    expect(map.get("a")).toBeUndefined();
    expect(map.size).toBe(0);
  });
});
