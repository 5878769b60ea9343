import { Hono } from "hono";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { readForm } from "../forms.ts";
import { NotificationsPage } from "../pages/notifications.tsx";
import { requireSignedIn } from "./auth.ts";

/** The notifications page: reading them, opening one (which marks it read), marking all read. */
export function notificationRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  app.get("/notifications", requireSignedIn, async (c) => {
    const { items, unreadCount } = await services.notifications.list(c.var.member, c.var.language, 100);
    return c.render(<NotificationsPage items={items} unreadCount={unreadCount} />, { title: c.var.t("notifications.title") });
  });

  app.post("/notifications/read", requireSignedIn, async (c) => {
    const form = await readForm(c);
    await services.notifications.markRead(c.var.member, form.all === "true" ? { all: true } : { ids: form.id ? [form.id] : [] });
    return c.redirect("/notifications", 303);
  });

  app.get("/notifications/:id", requireSignedIn, async (c) => c.redirect(await services.notifications.open(c.var.member, c.req.param("id")), 303));

  return app;
}
