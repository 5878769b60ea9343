import { Hono } from "hono";
import { logger } from "../src/logging.ts";
import type { Metrics } from "../src/metrics.ts";

const log = logger("ops");

export interface OpsDeps {
  /** Resolves to null when the instance can serve, or to the reason it cannot. */
  unreadyReason: () => Promise<string | null>;
  metrics: Metrics;
  /** Who may read /metrics: nobody, whoever sends the bearer token, or anyone (a listener only this machine reaches). */
  metricsAccess: { token: string } | "off" | "open";
}

const READY_TIMEOUT_MS = 2_000;

/**
 * What operators and load balancers ask: `/health` (the process answers: restart it if
 * not), `/ready` (it can serve: its database answers and it is not shutting down; take it
 * out of rotation if not) and `/metrics` (Prometheus: behind a bearer token, or open on a
 * listener bound to this machine only).
 */
export function opsRoutes({ unreadyReason, metrics, metricsAccess }: OpsDeps): Hono {
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok" }, 200, { "cache-control": "no-store" }));

  app.get("/ready", async (c) => {
    const timeout = new Promise<string>((resolve) =>
      setTimeout(() => resolve("the database did not answer in time"), READY_TIMEOUT_MS).unref(),
    );
    const failed = (error: unknown) => {
      // The error may name hosts and users: it goes to the log, not into a public answer.
      log.error("Readiness check failed: {error}", { error });
      return "the database failed";
    };
    const reason = await Promise.race([unreadyReason().catch(failed), timeout]);
    if (reason !== null) return c.json({ status: "unavailable", reason }, 503, { "cache-control": "no-store" });
    return c.json({ status: "ready" }, 200, { "cache-control": "no-store" });
  });

  app.get("/metrics", async (c) => {
    if (metricsAccess === "off") return c.json({ error: "Metrics are off: set METRICS_TOKEN to serve them." }, 404);
    if (metricsAccess !== "open" && c.req.header("authorization") !== `Bearer ${metricsAccess.token}`) {
      return c.json({ error: "Send the metrics token as a bearer token." }, 401, { "www-authenticate": 'Bearer realm="metrics"' });
    }
    return c.body(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType });
  });
  return app;
}
