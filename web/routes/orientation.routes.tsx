import { type Context, Hono } from "hono";
import type { HandbookSettingsInput } from "../../src/handbook/orientation.service.ts";
import { HANDOVER_ROLES } from "../../src/handbook/orientation.service.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { type FormValues, fieldErrors, readForm, textOrNull } from "../forms.ts";
import { HandbookSettingsPage, WelcomePage } from "../pages/orientation.tsx";
import { requireAdmin, requireSignedIn } from "./auth.ts";

/** Orientation: the welcome and the agreements (members), and the handbook's settings (admins). */
export function orientationRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  const { orientation } = services;

  app.get("/welcome", requireSignedIn, async (c) => {
    const shown = await orientation.orientation(c.var.viewer);
    return c.render(<WelcomePage orientation={shown} />, { title: shown.welcome?.title ?? c.var.t("orientation.title") });
  });

  app.post("/welcome/accept", requireSignedIn, async (c) => {
    await orientation.accept(c.var.viewer);
    return c.redirect("/welcome", 303);
  });

  const settingsPage = async (c: Context<WebEnv>, values: FormValues, errors: Record<string, string>) => {
    if (Object.keys(errors).length > 0) c.status(422);
    const pages = await services.handbook.list(c.var.viewer);
    return c.render(
      <HandbookSettingsPage
        settings={await orientation.settings()}
        pages={pages}
        values={values}
        errors={errors}
        saved={c.req.query("saved") === "1"}
      />,
      { title: c.var.t("orientation.settings.title") },
    );
  };
  app.get("/handbook/settings", requireAdmin, (c) => settingsPage(c, {}, {}));
  app.post("/handbook/settings", requireAdmin, async (c) => {
    const form = await readForm(c);
    const input: HandbookSettingsInput = {
      welcomeSlug: textOrNull(form.welcomeSlug),
      agreementsSlug: textOrNull(form.agreementsSlug),
      handoverSlugs: Object.fromEntries(HANDOVER_ROLES.map((role) => [role, textOrNull(form[`handover-${role}`])])),
    };
    try {
      await orientation.updateSettings(c.var.viewer, input);
    } catch (error) {
      // The service names a checklist's field handoverSlugs.ROLE; the form names it handover-ROLE.
      const errors = Object.fromEntries(
        Object.entries(fieldErrors(error, c.var.t)).map(([field, m]) => [field.replace("handoverSlugs.", "handover-"), m]),
      );
      return settingsPage(c, form, errors);
    }
    return c.redirect("/handbook/settings?saved=1", 303);
  });

  return app;
}
