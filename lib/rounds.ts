import { AsyncLocalStorage } from "node:async_hooks";

/**
 * One statement for many callers, one round at a time. A caller joins the next round; the
 * round starts once the one running (if any) has finished, with every item that joined
 * meanwhile. A round never started before a caller joined it, so what it reads is never older
 * than the call, and what it writes is written after the call: joining a round is as good as
 * running the statement alone, at a fraction of the statements when callers crowd in.
 *
 * Each caller gets the round's result (or its error).
 *
 * With `gatherMs` (asked as each round is made), a round waits that long after its first
 * caller before it starts, for more to join: for a statement whose cost is
 * mostly fixed, when callers come a few milliseconds apart rather than at once.
 */
export class Rounds<Item, Result> {
  readonly #run: (items: Item[]) => Promise<Result>;
  #joining: Item[] = [];
  /** The round callers join now, not started yet; null when none is waiting. */
  #next: Promise<Result> | null = null;
  /** The round running (settled when none is). */
  #running: Promise<unknown> = Promise.resolve();
  /** How long a round waits for callers after its first (see above). */
  readonly #gatherMs: () => number;

  constructor(run: (items: Item[]) => Promise<Result>, options: { gatherMs?: () => number } = {}) {
    this.#gatherMs = options.gatherMs ?? (() => 0);
    // A round runs in the context its Rounds was made in, not in that of whichever caller
    // joined first (a request's, with its own AsyncLocalStorage values).
    const inCreatorsContext = AsyncLocalStorage.snapshot();
    this.#run = (items) => inCreatorsContext(() => run(items));
  }

  join(item: Item): Promise<Result> {
    this.#joining.push(item);
    if (this.#next === null) {
      const gatherMs = this.#gatherMs();
      const ready = gatherMs > 0 ? this.#running.then(() => new Promise((resolve) => setTimeout(resolve, gatherMs))) : this.#running;
      this.#next = ready.then(() => {
        const items = this.#joining;
        this.#joining = [];
        this.#next = null;
        const round = this.#run(items);
        this.#running = round.catch(() => {});
        return round;
      });
    }
    return this.#next;
  }
}
