import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { Rounds } from "../lib/rounds.ts";

/** A round runner whose rounds finish only when the test says so. */
function heldRounds() {
  const rounds: { items: string[]; finish: (result: string) => void; fail: (error: Error) => void }[] = [];
  let roundStarted: () => void = () => {};
  const runner = new Rounds<string, string>(
    (items) =>
      new Promise<string>((finish, fail) => {
        rounds.push({ items, finish, fail });
        roundStarted();
      }),
  );
  const nextRoundStarts = () => new Promise<void>((resolve) => (roundStarted = resolve));
  return { runner, rounds, nextRoundStarts };
}

describe("rounds of one statement for many callers", () => {
  it("runs the callers of one moment together, once", async () => {
    const { runner, rounds } = heldRounds();
    const answers = Promise.all([runner.join("a"), runner.join("b"), runner.join("c")]);
    await Promise.resolve();
    expect(rounds.map((round) => round.items)).toEqual([["a", "b", "c"]]);
    rounds[0]?.finish("done");
    expect(await answers).toEqual(["done", "done", "done"]);
  });

  it("never answers a caller from a round that started before it asked", async () => {
    const { runner, rounds, nextRoundStarts } = heldRounds();
    const first = runner.join("a");
    await Promise.resolve();
    // These ask while the first round runs: they wait for a round of their own, together.
    const later = [runner.join("b"), runner.join("c")];
    const secondStarts = nextRoundStarts();
    rounds[0]?.finish("read before b asked");
    expect(await first).toBe("read before b asked");
    await secondStarts;
    expect(rounds.map((round) => round.items)).toEqual([["a"], ["b", "c"]]);
    rounds[1]?.finish("read after b asked");
    expect(await Promise.all(later)).toEqual(["read after b asked", "read after b asked"]);
  });

  it("runs a round in the context it was made in, not in the first caller's", async () => {
    const request = new AsyncLocalStorage<string>();
    const runner = new Rounds<void, string | undefined>(async () => request.getStore());
    const seen = await Promise.all([request.run("first reader", () => runner.join()), request.run("second reader", () => runner.join())]);
    expect(seen).toEqual([undefined, undefined]);
  });

  it("gives a round's error to each of its callers, and runs the next round all the same", async () => {
    const { runner, rounds, nextRoundStarts } = heldRounds();
    const failing = [runner.join("a"), runner.join("b")];
    await Promise.resolve();
    const next = runner.join("c");
    const secondStarts = nextRoundStarts();
    rounds[0]?.fail(new Error("the database went away"));
    for (const caller of failing) await expect(caller).rejects.toThrow("the database went away");
    await secondStarts;
    rounds[1]?.finish("back");
    expect(await next).toBe("back");
  });

  it("with a gathering time, lets callers that come a moment apart share a round", async () => {
    const runs: string[][] = [];
    const gathering = new Rounds<string, void>(async (items) => void runs.push(items), { gatherMs: () => 1_000 });
    const alone = new Rounds<string, void>(async (items) => void runs.push(items.map((item) => `alone ${item}`)));
    const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const aloneFirst = alone.join("a");
    const gatheredFirst = gathering.join("a");
    await nextTurn();
    // Without one, the first caller's round has run by now; with one, it is still gathering.
    expect(runs).toEqual([["alone a"]]);
    await Promise.all([aloneFirst, alone.join("b"), gatheredFirst, gathering.join("b")]);
    expect(runs).toEqual([["alone a"], ["alone b"], ["a", "b"]]);
  });
});
