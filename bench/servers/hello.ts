// The floor for figures 3 and 5: a bare Hono JSON endpoint in its own Node process, started
// the same way as the instance (through tsx). PORT names its port.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.json({ hello: "world" }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
