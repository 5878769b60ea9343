import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";
import { createMetrics } from "../src/metrics.ts";
import { opsRoutes } from "../web/ops.ts";
import { preparedDataDir, testDriver } from "./support/database.ts";
import { FakeMastodon } from "./support/fake-mastodon.ts";
import { eventually, freePort, startTestInstance, type TestInstance } from "./support/instance.ts";
import { makePerson } from "./support/people.ts";
import { publishRequest } from "./support/posts.ts";
import { runScript } from "./support/processes.ts";

const TOKEN = "metrics-token-0123456789";
let east: TestInstance;
let west: TestInstance;
let opsPort: number;

beforeAll(async () => {
  opsPort = await freePort();
  [east, west] = await Promise.all([
    startTestInstance("eastside", { METRICS_TOKEN: TOKEN, METRICS_PORT: String(opsPort) }),
    startTestInstance("westside", { METRICS_TOKEN: TOKEN }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([east?.destroy(), west?.destroy()]);
});

const scrape = async (base: string) => {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
};

/** The value of one sample in Prometheus's text format, or 0 when the series does not exist yet. */
const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

describe(`health, readiness and metrics (${testDriver})`, () => {
  it("answers liveness and readiness probes", async () => {
    const health = await fetch(`${east.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${east.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    // The separate port (for worker processes) answers the same.
    expect((await fetch(`http://127.0.0.1:${opsPort}/ready`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${opsPort}/`)).status).toBe(404);
  });

  it("takes an instance out of rotation when its database does not answer", async () => {
    const metrics = createMetrics(async () => ({ ready: 0, delayed: 0 }));
    const failing = opsRoutes({ metrics, metricsAccess: "off", unreadyReason: () => Promise.reject(new Error("connection refused")) });
    const response = await failing.request("/ready");
    expect(response.status).toBe(503);
    // The error's details (hosts, users) stay in the log.
    expect(await response.json()).toEqual({ status: "unavailable", reason: "the database failed" });
  });

  it("serves metrics only with the token", async () => {
    expect((await fetch(`${east.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${east.url}/metrics`, { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status).toBe(401);
    const text = await scrape(east.url);
    expect(text).toContain('mycelium_queue_messages{state="ready"}');
    expect(text).toContain("process_resident_memory_bytes");
    await fetch(`${east.url}/posts/00000000-0000-0000-0000-000000000000`);
    expect(await scrape(`http://127.0.0.1:${opsPort}`)).toMatch(
      /mycelium_http_request_duration_seconds_count\{method="GET",route="\/posts\/:id",status="404"\} 1/,
    );

    const localPort = await freePort();
    const withoutToken = await startTestInstance("northside", { METRICS_PORT: String(localPort) });
    try {
      expect((await fetch(`${withoutToken.url}/metrics`)).status).toBe(404);
      // A listener only this machine reaches serves them without a token.
      const local = await fetch(`http://127.0.0.1:${localPort}/metrics`);
      expect(local.status).toBe(200);
      expect(await local.text()).toContain("mycelium_queue_messages");
    } finally {
      await withoutToken.destroy();
    }
    expect(() => parseConfig({ METRICS_TOKEN: "short" })).toThrow(/^METRICS_TOKEN="short" is invalid/);
    expect(() => parseConfig({ METRICS_PORT: "70000" })).toThrow(/^METRICS_PORT="70000" is invalid/);
    expect(() => parseConfig({ METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0" })).toThrow(/^METRICS_HOST=0.0.0.0 needs METRICS_TOKEN/);
    expect(() => parseConfig({ QUEUE_LEASE_SECONDS: "0" })).toThrow(/^QUEUE_LEASE_SECONDS="0" is invalid/);
  });

  it("counts deliveries sent and inbox activities received", async () => {
    await east.services.networks.follow(west.actorUrl);
    await eventually(
      async () => sample(await scrape(west.url), 'mycelium_inbox_activities_total{activity="Follow",result="handled"}') === 1,
    );
    await eventually(async () => sample(await scrape(east.url), 'mycelium_deliveries_total{activity="Follow",result="sent"}') === 1);
    expect(sample(await scrape(east.url), 'mycelium_deliveries_total{activity="Follow",result="failed"}')).toBe(0);
  });

  it("counts a delivery to an inbox that is gone as failed, not sent", async () => {
    const mastodon = new FakeMastodon();
    await mastodon.start();
    try {
      await mastodon.addAccount("leaving");
      await mastodon.follow("leaving", west.actorUrl);
      await eventually(async () => mastodon.received("leaving", "Accept")[0]);
      mastodon.goneAccounts.add("leaving");
      await west.services.areas.add("Riverside");
      const author = await makePerson(west, "author_ana", "member");
      await publishRequest(west, author, "Blankets for the night shelter", "Riverside");
      await eventually(async () => sample(await scrape(west.url), 'mycelium_deliveries_total{activity="Create",result="failed"}') === 1);
      expect(sample(await scrape(west.url), 'mycelium_deliveries_total{activity="Create",result="sent"}')).toBe(0);
    } finally {
      await mastodon.stop();
    }
  });

  it("names METRICS_PORT, not PORT, when that is the port already in use", async () => {
    const [port, busy] = [await freePort(), await freePort()];
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(busy, "127.0.0.1", resolve));
    const dataDir = await preparedDataDir();
    try {
      const started = await runScript("src/main.ts", [], { DATA_DIR: dataDir, PORT: String(port), METRICS_PORT: String(busy) });
      expect(started.code).toBe(1);
      expect(started.stderr).toContain(`port ${busy} is already in use. Set METRICS_PORT to a free port.`);
    } finally {
      holder.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
