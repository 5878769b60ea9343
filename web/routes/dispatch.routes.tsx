import { Hono } from "hono";
import { InvalidFieldsError } from "../../src/errors.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { ConversationPage, DispatchPage } from "../pages/dispatch.tsx";
import { requireCoordinator } from "./auth.ts";

/** The dispatcher queue for coordinators: the list, a thread, and replying by SMS. */
export function dispatchRoutes(services: Services) {
  const app = new Hono<WebEnv>();
  app.get("/dispatch", requireCoordinator, async (c) =>
    c.render(<DispatchPage conversations={await services.dispatcher.list(c.var.member)} />, { title: c.var.t("dispatch.title") }),
  );
  app.get("/dispatch/:id", requireCoordinator, async (c) =>
    c.render(<ConversationPage conversation={await services.dispatcher.get(c.var.member, c.req.param("id"))} errors={{}} />, {
      title: c.var.t("dispatch.thread"),
    }),
  );
  app.post("/dispatch/:id/reply", requireCoordinator, async (c) => {
    const id = c.req.param("id");
    const body = await c.req.parseBody();
    try {
      await services.dispatcher.reply(c.var.member, id, typeof body.body === "string" ? body.body : "");
    } catch (error) {
      if (!(error instanceof InvalidFieldsError)) throw error;
      c.status(422);
      return c.render(<ConversationPage conversation={await services.dispatcher.get(c.var.member, id)} errors={error.fields} />, {
        title: c.var.t("dispatch.thread"),
      });
    }
    return c.redirect(`/dispatch/${id}`, 303);
  });
  return app;
}
