import { Hono } from "hono";
import { NotFoundError } from "../../src/errors.ts";
import type { Services } from "../../src/services.ts";
import { optionalMember, type MastodonEnv } from "./auth.ts";
import { statusJson } from "./entities/status.ts";
import { networkFacts } from "./network-facts.ts";

/** A status id names nothing unless it is digits (ours are); anything else is simply not found. */
export function statusNumber(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new NotFoundError("Record not found");
  return Number(id);
}

/** One status and its (always empty) thread: replies to posts reach coordinators only. */
export function statusesApi(services: Services, origin: URL) {
  const app = new Hono<MastodonEnv>();

  app.get("/api/v1/statuses/:id", optionalMember(services, "read:statuses"), async (c) => {
    const entry = await services.timelines.status(c.var.viewer, statusNumber(c.req.param("id")));
    const { account: network, profile } = await networkFacts(services, origin);
    return c.json(statusJson(entry, { origin, profile, network }));
  });

  app.get("/api/v1/statuses/:id/context", optionalMember(services, "read:statuses"), async (c) => {
    await services.timelines.status(c.var.viewer, statusNumber(c.req.param("id")));
    return c.json({ ancestors: [], descendants: [] });
  });

  for (const list of ["reblogged_by", "favourited_by"]) {
    app.get(`/api/v1/statuses/:id/${list}`, optionalMember(services, "read:statuses"), async (c) => {
      await services.timelines.status(c.var.viewer, statusNumber(c.req.param("id")));
      return c.json([]);
    });
  }
  return app;
}
