import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from "@fedify/fedify";

export type QueueHandler = (message: unknown) => Promise<void> | void;

/**
 * A message queue laid over another, adding one concern to what Fedify queues: a layer may
 * change each message as it is queued (`queued`) and step in as each is handled (`handle`);
 * everything else goes straight through to the queue underneath.
 */
export abstract class QueueLayer implements MessageQueue {
  readonly #queue: MessageQueue;

  constructor(queue: MessageQueue) {
    this.#queue = queue;
  }

  get nativeRetrial(): boolean | undefined {
    return this.#queue.nativeRetrial;
  }

  enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    return this.#queue.enqueue(this.queued(message), options);
  }

  enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const changed = messages.map((m) => this.queued(m));
    if (this.#queue.enqueueMany !== undefined) return this.#queue.enqueueMany(changed, options);
    return Promise.all(changed.map((m) => this.#queue.enqueue(m, options))).then(() => undefined);
  }

  listen(handler: QueueHandler, options?: MessageQueueListenOptions): Promise<void> {
    return this.#queue.listen((message) => this.handle(message, handler), options);
  }

  /** The message as it is to be stored; unchanged unless the layer says otherwise. */
  protected queued(message: unknown): unknown {
    return message;
  }

  /** Handles a message taken from the queue; `next` is what would handle it without this layer. */
  protected async handle(message: unknown, next: QueueHandler): Promise<void> {
    await next(message);
  }
}
