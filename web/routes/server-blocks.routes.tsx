import { type Context, Hono } from "hono";
import { DomainError, InvalidFieldsError } from "../../src/errors.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { type FormValues, readForm, textOrNull } from "../forms.ts";
import { ServerBlocksPage } from "../pages/server-blocks.tsx";
import { problemText } from "../problem-text.ts";
import { requireCoordinator } from "./auth.ts";

/** Blocking servers and actors (coordinators), at /safety/blocks. */
export function serverBlockRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  const page = async (c: Context<WebEnv>, values: FormValues, errors: Record<string, string>) =>
    c.render(<ServerBlocksPage blocks={await services.serverBlocks.list(c.var.viewer)} values={values} errors={errors} />, {
      title: c.var.t("serverBlocks.title"),
    });

  app.get("/safety/blocks", requireCoordinator, (c) => page(c, {}, {}));

  app.post("/safety/blocks", requireCoordinator, async (c) => {
    const form = await readForm(c);
    const type = form.type === "actor" ? "actor" : "domain";
    try {
      await services.serverBlocks.create(c.var.viewer, { [type]: form.target ?? "", reason: textOrNull(form.reason) ?? undefined });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The form has one field for both kinds: the domain's or actor's error is the target's.
      const fields = error instanceof InvalidFieldsError ? error.fields : { target: error.message };
      const errors = Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k === "domain" || k === "actor" ? "target" : k, problemText(c.var.t, v)]),
      );
      c.status(error.kind === "not_found" ? 404 : error.kind === "conflict" ? 409 : 422);
      return page(c, form, errors);
    }
    return c.redirect("/safety/blocks", 303);
  });

  app.post("/safety/blocks/:id/delete", requireCoordinator, async (c) => {
    await services.serverBlocks.delete(c.var.viewer, c.req.param("id"));
    return c.redirect("/safety/blocks", 303);
  });

  return app;
}
