import { Hono } from "hono";
import type { Metrics } from "../src/metrics.ts";

export interface OpsDeps {
  /** Resolves to null when the instance can serve, or to the reason it cannot. */
  unreadyReason: () => Promise<string | null>;
  metrics: Metrics;
  /** Without a token, /metrics is not served at all. */
  metricsToken: string | undefined;
}

const READY_TIMEOUT_MS = 2_000;

/**
 * What operators and load balancers ask: `/health` (the process answers: restart it if
 * not), `/ready` (it can serve: its database answers and it is not shutting down; take it
 * out of rotation if not) and `/metrics` (Prometheus, behind a bearer token).
 */
export function opsRoutes({ unreadyReason, metrics, metricsToken }: OpsDeps): Hono {
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok" }, 200, { "cache-control": "no-store" }));

  app.get("/ready", async (c) => {
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("the database did not answer in time"), READY_TIMEOUT_MS).unref());
    const reason = await Promise.race([unreadyReason().catch((error: unknown) => `the database failed: ${String(error)}`), timeout]);
    if (reason !== null) return c.json({ status: "unavailable", reason }, 503, { "cache-control": "no-store" });
    return c.json({ status: "ready" }, 200, { "cache-control": "no-store" });
  });

  app.get("/metrics", async (c) => {
    if (metricsToken === undefined) return c.json({ error: "Metrics are off: set METRICS_TOKEN to serve them." }, 404);
    if (c.req.header("authorization") !== `Bearer ${metricsToken}`) {
      return c.json({ error: "Send the metrics token as a bearer token." }, 401, { "www-authenticate": 'Bearer realm="metrics"' });
    }
    return c.body(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType });
  });
  return app;
}
