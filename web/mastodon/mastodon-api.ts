import { Hono } from "hono";
import { cors } from "hono/cors";
import { NotFoundError } from "../../src/errors.ts";
import type { Services } from "../../src/services.ts";
import { accountsApi } from "./accounts.api.ts";
import type { MastodonEnv } from "./auth.ts";
import { emptyApi } from "./empty.api.ts";
import { imageRoutes } from "./images.ts";
import { instanceApi } from "./instance.api.ts";
import { markersApi } from "./markers.api.ts";
import { notificationsApi } from "./notifications.api.ts";
import { oauthApi } from "./oauth.api.ts";
import { statusesApi } from "./statuses.api.ts";
import { timelinesApi } from "./timelines.api.ts";

/**
 * The Mastodon-compatible client API, so members can use their Mastodon app. Browser
 * apps (Elk, Phanpy) call it from their own origin, hence CORS; it never reads cookies.
 * Anything under /api/v1 or /api/v2 it does not know is a 404 in Mastodon's shape, so
 * it never falls through to the project's own /api.
 */
export function mastodonApi(services: Services, origin: URL) {
  const app = new Hono<MastodonEnv>();
  app.use("/api/v1/*", cors({ origin: "*", exposeHeaders: ["Link"] }));
  app.use("/api/v2/*", cors({ origin: "*", exposeHeaders: ["Link"] }));
  app.route("/", oauthApi(services, origin));
  app.route("/", instanceApi(services, origin));
  app.route("/", accountsApi(services, origin));
  app.route("/", markersApi(services));
  app.route("/", timelinesApi(services, origin));
  app.route("/", statusesApi(services, origin));
  app.route("/", notificationsApi(services, origin));
  app.route("/", emptyApi(services));
  app.route("/", imageRoutes());
  // Thrown rather than answered here, so that the message is said in the caller's language like any other.
  app.all("/api/v1/*", () => {
    throw new NotFoundError("Record not found");
  });
  app.all("/api/v2/*", () => {
    throw new NotFoundError("Record not found");
  });
  return app;
}
