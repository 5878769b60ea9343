import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics for one instance (prom-client, the library Node services commonly
 * use). Each instance has its own registry, so several instances in one process (tests)
 * do not mix their numbers. Labels are bounded: route patterns, not URLs; activity types.
 */
export interface Metrics {
  registry: Registry;
  /** A queue message was handled or failed (one attempt). */
  observeQueueMessage(message: unknown, outcome: "handled" | "failed", seconds: number): void;
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
    observeQueueMessage(message, outcome, seconds) {
      const { type, activityType } = fedifyMessageKind(message);
      queueSeconds.observe({ kind: type }, seconds);
      const labels = { activity: activityType };
      if (type === "outbox") deliveries.inc({ ...labels, result: outcome === "handled" ? "sent" : "failed" });
      else if (type === "fanout") fanouts.inc({ ...labels, result: outcome });
      else if (type === "inbox") inbox.inc({ ...labels, result: outcome });
    },
    observeRequest(method, route, status, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

/** Fedify's queue messages say what they are (outbox, fanout, inbox) and carry the activity. */
function fedifyMessageKind(message: unknown): { type: string; activityType: string } {
  const m = (message ?? {}) as { type?: unknown; activityType?: unknown; activity?: { type?: unknown } };
  const type = typeof m.type === "string" ? m.type : "other";
  const raw = typeof m.activityType === "string" ? m.activityType : typeof m.activity?.type === "string" ? m.activity.type : "unknown";
  // Outbox messages name the type as a full IRI; keep the short name, and only word characters.
  const activityType = (raw.split(/[#/]/).pop() ?? "unknown").replace(/\W/g, "").slice(0, 40) || "unknown";
  return { type, activityType };
}
