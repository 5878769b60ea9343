import { AsyncLocalStorage } from "node:async_hooks";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics for one instance (prom-client, the library Node services commonly
 * use). Each instance has its own registry, so several instances in one process (tests)
 * do not mix their numbers. Labels are bounded: route patterns, not URLs; activity types.
 */
export interface Metrics {
  registry: Registry;
  /** Handles one queue message (one attempt), counting and timing it. */
  instrumentQueueMessage(message: unknown, handle: () => Promise<void>): Promise<void>;
  /**
   * Fedify's onOutboxError: marks the delivery being handled as failed, including one
   * Fedify does not rethrow (an inbox gone for good), which would otherwise count as sent.
   */
  deliveryFailed(): void;
  /** An HTTP request was answered. `route` is the matched pattern, e.g. /posts/:id. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

export function createMetrics(queueDepth: () => Promise<{ ready?: number; delayed?: number }>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "mycelium_queue_messages",
    help: "Messages waiting in the queue: ready to run now, or delayed (a retry's backoff, a crisis's forwarding delay)",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const depth = await queueDepth();
      this.set({ state: "ready" }, depth.ready ?? 0);
      this.set({ state: "delayed" }, depth.delayed ?? 0);
    },
  });
  const deliveries = new Counter({
    name: "mycelium_deliveries_total",
    help: "Deliveries of activities to remote inboxes: sent, or failed (each failed attempt; it is retried with backoff)",
    labelNames: ["result", "activity"],
    registers: [registry],
  });
  const fanouts = new Counter({
    name: "mycelium_fanouts_total",
    help: "Activities split into one delivery per inbox (shared inboxes once)",
    labelNames: ["result", "activity"],
    registers: [registry],
  });
  const inbox = new Counter({
    name: "mycelium_inbox_activities_total",
    help: "Activities received in our inboxes and processed, by type and result",
    labelNames: ["result", "activity"],
    registers: [registry],
  });
  const queueSeconds = new Histogram({
    name: "mycelium_queue_message_duration_seconds",
    help: "Time to handle one queue message",
    labelNames: ["kind"],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const requests = new Histogram({
    name: "mycelium_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  return {
    registry,
    async instrumentQueueMessage(message, handle) {
      const attempt = { failed: false };
      const started = performance.now();
      try {
        await currentAttempt.run(attempt, handle);
      } catch (error) {
        attempt.failed = true;
        throw error;
      } finally {
        const { type, activityType } = fedifyMessageKind(message);
        queueSeconds.observe({ kind: type }, (performance.now() - started) / 1000);
        const labels = { activity: activityType };
        if (type === "outbox") deliveries.inc({ ...labels, result: attempt.failed ? "failed" : "sent" });
        else if (type === "fanout") fanouts.inc({ ...labels, result: attempt.failed ? "failed" : "handled" });
        else if (type === "inbox") inbox.inc({ ...labels, result: attempt.failed ? "failed" : "handled" });
      }
    },
    deliveryFailed() {
      const attempt = currentAttempt.getStore();
      if (attempt !== undefined) attempt.failed = true;
    },
    observeRequest(method, route, status, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

/** The attempt being handled in this async context, which Fedify's onOutboxError marks failed. */
const currentAttempt = new AsyncLocalStorage<{ failed: boolean }>();

/**
 * ActivityStreams' activity types; anything else counts as "other", so that a remote
 * server cannot grow the metrics' label values without bound.
 */
const ACTIVITY_TYPES = new Set([
  "Accept",
  "Add",
  "Announce",
  "Arrive",
  "Block",
  "Create",
  "Delete",
  "Dislike",
  "Flag",
  "Follow",
  "Ignore",
  "Invite",
  "Join",
  "Leave",
  "Like",
  "Listen",
  "Move",
  "Offer",
  "Question",
  "Read",
  "Reject",
  "Remove",
  "TentativeAccept",
  "TentativeReject",
  "Travel",
  "Undo",
  "Update",
  "View",
]);
const MESSAGE_TYPES = new Set(["outbox", "fanout", "inbox"]);

/** Fedify's queue messages say what they are (outbox, fanout, inbox) and carry the activity. */
function fedifyMessageKind(message: unknown): { type: string; activityType: string } {
  const m = (message ?? {}) as { type?: unknown; activityType?: unknown; activity?: { type?: unknown } };
  const type = typeof m.type === "string" && MESSAGE_TYPES.has(m.type) ? m.type : "other";
  const raw = typeof m.activityType === "string" ? m.activityType : typeof m.activity?.type === "string" ? m.activity.type : "";
  // Outbox messages name the type as a full IRI (…/ns#Create); keep the short name.
  const short = raw.split(/[#/]/).pop() ?? "";
  return { type, activityType: ACTIVITY_TYPES.has(short) ? short : "other" };
}
