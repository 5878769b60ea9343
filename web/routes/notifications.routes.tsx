import { type Context, Hono } from "hono";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { checked, type FormValues, fieldErrors, readForm } from "../forms.ts";
import { DeliveriesPage, NotificationSettingsPage, NotificationsPage } from "../pages/notifications.tsx";
import { requireAdmin, requireSignedIn } from "./auth.ts";

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

  const settingsPage = async (c: Context<WebEnv>, form: { values?: FormValues; errors?: Record<string, string> } = {}) => {
    const member = c.var.member;
    const emailReady = member.emailVerifiedAt !== null && member.emailFailingAt === null;
    return c.render(
      <NotificationSettingsPage
        settings={await services.preferences.get(member)}
        saved={c.req.query("saved") === "1"}
        emailReady={emailReady}
        pushKey={services.pushDevices.publicKey}
        {...form}
      />,
      { title: c.var.t("notificationSettings.title") },
    );
  };

  app.get("/notifications/settings", requireSignedIn, (c) => settingsPage(c));

  app.post("/notifications/settings", requireSignedIn, async (c) => {
    const form = await readForm(c);
    // Unticked boxes are not sent: every kind on the page is saved, ticked or not.
    const kinds = (await services.preferences.get(c.var.member)).kinds.map(({ kind, emailMode }) => ({
      kind,
      inApp: checked(form[`inApp:${kind}`]),
      email: checked(form[`email:${kind}`]),
      push: checked(form[`push:${kind}`]),
      // Kinds that always go at once have no choice on the page.
      ...(form[`emailMode:${kind}`] === undefined ? {} : { emailMode: form[`emailMode:${kind}`] ?? emailMode }),
    }));
    const start = form.quietStart?.trim() ?? "";
    const end = form.quietEnd?.trim() ?? "";
    const quietHours = start === "" && end === "" ? null : { start, end };
    try {
      await services.preferences.update(c.var.member, { kinds, quietHours });
    } catch (error) {
      c.status(422);
      return settingsPage(c, { values: form, errors: fieldErrors(error, c.var.t) });
    }
    return c.redirect("/notifications/settings?saved=1", 303);
  });

  // The settings page's script saves this device's PushSubscription (JSON, so the browser's
  // CORS rules keep other sites from posting it) under the member's session.
  app.post("/notifications/push/on", requireSignedIn, async (c) => {
    await services.pushDevices.subscribe(c.var.member, await c.req.json().catch(() => null));
    return c.body(null, 204);
  });

  app.post("/notifications/push/off", requireSignedIn, async (c) => {
    await services.pushDevices.unsubscribe(c.var.member, await c.req.json().catch(() => null));
    return c.body(null, 204);
  });

  app.get("/admin/deliveries", requireAdmin, async (c) =>
    c.render(<DeliveriesPage report={await services.notifications.deliveryReport(c.var.member)} />, { title: c.var.t("deliveries.title") }),
  );

  app.get("/notifications/:id", requireSignedIn, async (c) =>
    c.redirect(await services.notifications.open(c.var.member, c.req.param("id")), 303),
  );

  return app;
}
