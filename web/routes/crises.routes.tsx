import { Hono } from "hono";
import type { CrisisInput } from "../../src/crises/crisis.service.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { fieldErrors, numberOrNull } from "../forms.ts";
import { CrisesPage, CrisisPage } from "../pages/crises.tsx";
import { requireCoordinator } from "./auth.ts";

/** Crises: the list, declaring and ending one, and its report; forwarding a post by hand. */
export function crisisRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  app.get("/crises", async (c) =>
    c.render(
      <CrisesPage
        crises={await services.crises.list()}
        areas={await services.areas.list()}
        values={{}}
        chosen={{ areas: [], categories: [] }}
        errors={{}}
      />,
      {
        title: c.var.t("crises.title"),
      },
    ),
  );

  app.post("/crises", requireCoordinator, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
    const list = (key: string) => [body[key] ?? []].flat().filter((v): v is string => typeof v === "string");
    const input: CrisisInput = {
      title: text("title"),
      description: text("description"),
      areas: list("areas"),
      categories: list("categories") as CrisisInput["categories"],
      severity: text("severity") as CrisisInput["severity"],
      forwardDelayMinutes: (numberOrNull(text("forwardDelayMinutes")) ?? 120) as number,
      maxHops: (numberOrNull(text("maxHops")) ?? 1) as number,
    };
    try {
      const crisis = await services.crises.declare(c.var.viewer, input);
      return c.redirect(`/crises/${crisis.id}`, 303);
    } catch (error) {
      const errors = fieldErrors(error, c.var.t);
      const values = Object.fromEntries(["title", "description", "severity", "forwardDelayMinutes", "maxHops"].map((k) => [k, text(k)]));
      const chosen = { areas: input.areas, categories: input.categories as string[] };
      c.status(422);
      return c.render(
        <CrisesPage
          crises={await services.crises.list()}
          areas={await services.areas.list()}
          values={values}
          chosen={chosen}
          errors={errors}
        />,
        {
          title: c.var.t("crises.title"),
        },
      );
    }
  });

  app.get("/crises/:id", async (c) => {
    const crisis = await services.crises.get(c.req.param("id"));
    return c.render(<CrisisPage crisis={crisis} />, { title: crisis.title });
  });

  app.post("/crises/:id/end", requireCoordinator, async (c) => {
    await services.crises.end(c.var.viewer, c.req.param("id"));
    return c.redirect(`/crises/${c.req.param("id")}`, 303);
  });

  app.post("/posts/:id/forward", requireCoordinator, async (c) => {
    const [crisis] = await services.crises.active();
    await services.crises.forwardByHand(c.var.viewer, c.req.param("id"), crisis?.id ?? null);
    return c.redirect(`/posts/${c.req.param("id")}`, 303);
  });

  app.post("/posts/:id/hold", requireCoordinator, async (c) => {
    await services.crises.holdBack(c.var.viewer, c.req.param("id"));
    return c.redirect(`/posts/${c.req.param("id")}`, 303);
  });

  return app;
}
