import { Hono } from "hono";
import type { ReadingMarker } from "../../src/members/reading-marker.service.ts";
import type { Services } from "../../src/services.ts";
import { memberWithScope, type MastodonEnv } from "./auth.ts";
import { many, one, readParams } from "./params.ts";

const markerJson = (marker: ReadingMarker) => ({
  last_read_id: String(marker.lastReadId),
  version: marker.version,
  updated_at: marker.updatedAt.toISOString(),
});

/** Where the member stopped reading, so their apps agree (GET and POST /api/v1/markers). */
export function markersApi(services: Services) {
  const app = new Hono<MastodonEnv>();

  app.get("/api/v1/markers", memberWithScope(services, "read:statuses"), async (c) => {
    const markers = await services.markers.list(c.var.member, many(await readParams(c), "timeline"));
    return c.json(Object.fromEntries(markers.map((m) => [m.timeline, markerJson(m)])));
  });

  // Apps send `home[last_read_id]=…` as a form, or `{"home": {"last_read_id": "…"}}` as JSON.
  app.post("/api/v1/markers", memberWithScope(services, "write:statuses"), async (c) => {
    const params = await readParams(c);
    const json = (c.req.header("content-type") ?? "").includes("json")
      ? ((await c.req.json().catch(() => ({}))) as Record<string, unknown>)
      : {};
    const saved: Record<string, ReturnType<typeof markerJson>> = {};
    for (const timeline of ["home", "notifications"]) {
      const nested = json[timeline];
      const lastReadId =
        one(params, `${timeline}[last_read_id]`) ??
        (nested !== null && typeof nested === "object" ? (nested as Record<string, unknown>).last_read_id : undefined);
      if (lastReadId === undefined) continue;
      saved[timeline] = markerJson(await services.markers.save(c.var.member, timeline, String(lastReadId)));
    }
    return c.json(saved);
  });
  return app;
}
