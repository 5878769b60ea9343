// Figure 3's fixed ceiling: a bare Hono process on the instance's own driver and database
// that reads the 20 newest public posts off an index (posts_newest_idx) and renders them,
// as JSON (/posts.json) or as a minimal HTML list (/posts.html). Nothing else: no session,
// no settings, no counts. DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite) names the
// database, PORT the port.
import { serve } from "@hono/node-server";
import { desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { html } from "hono/html";
import { openDatabase } from "../../db/database.ts";
import { posts } from "../../db/schema/index.ts";

const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR ?? "" });
const newest = () =>
  handle.db
    .select({ id: posts.id, kind: posts.kind, title: posts.title, urgency: posts.urgency, createdAt: posts.createdAt })
    .from(posts)
    .where(eq(posts.visibility, "public"))
    .orderBy(desc(posts.createdAt), posts.id)
    .limit(20);

const app = new Hono();
app.get("/posts.json", async (c) => c.json({ items: await newest() }));
app.get("/posts.html", async (c) => {
  const rows = await newest();
  return c.html(
    html`<!doctype html><html lang="en"><title>Posts</title><ul>${rows.map(
      (p) => html`<li><a href="/posts/${p.id}">${p.title}</a> (${p.kind}, ${p.urgency})</li>`,
    )}</ul></html>`,
  );
});
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
process.once("SIGTERM", () => server.close(() => handle.close().then(() => process.exit(0))));
