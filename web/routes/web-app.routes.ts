import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";

const STATIC = fileURLToPath(new URL("../static", import.meta.url));

/** The files that make the site an installable web app, read once at start. */
const FILES: Record<string, { type: string; body: Buffer }> = {
  "/sw.js": { type: "text/javascript; charset=utf-8", body: readFileSync(join(STATIC, "sw.js")) },
  "/push.js": { type: "text/javascript; charset=utf-8", body: readFileSync(join(STATIC, "push.js")) },
  "/icons/icon.svg": { type: "image/svg+xml", body: readFileSync(join(STATIC, "icon.svg")) },
  "/icons/icon-192.png": { type: "image/png", body: readFileSync(join(STATIC, "icon-192.png")) },
  "/icons/icon-512.png": { type: "image/png", body: readFileSync(join(STATIC, "icon-512.png")) },
};

/**
 * The manifest, icons, the service worker (push only: it caches nothing) and the one script,
 * which turns push on for a device on the notification settings page.
 */
export function webAppRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  app.get("/manifest.webmanifest", async (c) => {
    const { name } = await services.settings.profile();
    c.header("content-type", "application/manifest+json");
    return c.body(
      JSON.stringify({
        name,
        short_name: name.length <= 12 ? name : name.slice(0, 12),
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#f4efe3",
        theme_color: "#2f6b3b",
        icons: [
          { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml" },
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
        ],
      }),
    );
  });
  for (const [path, file] of Object.entries(FILES)) {
    app.get(path, (c) => {
      c.header("content-type", file.type);
      // The service worker and script are checked for updates on each visit.
      c.header("cache-control", path.endsWith(".js") ? "no-cache" : "public, max-age=86400");
      return c.body(new Uint8Array(file.body));
    });
  }
  return app;
}
