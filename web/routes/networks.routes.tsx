import { Hono } from "hono";
import { DomainError, InvalidInputError, NotFoundError } from "../../src/errors.ts";
import type { Services } from "../../src/services.ts";
import type { WebEnv } from "../env.ts";
import { fieldErrors, numberOrNull, readForm } from "../forms.ts";
import { NearbyPage, NetworksPage } from "../pages/networks.tsx";
import { problemText } from "../problem-text.ts";
import { requireCoordinator, requireSignedIn } from "./auth.ts";

/** Sibling networks (coordinators) and the nearby posts they share (everyone). */
export function networkRoutes(services: Services) {
  const app = new Hono<WebEnv>();

  app.get("/networks", requireCoordinator, async (c) =>
    c.render(<NetworksPage networks={await services.networks.list()} errors={{}} value="" />, { title: c.var.t("networks.title") }),
  );

  app.post("/networks", requireCoordinator, async (c) => {
    const { actor = "" } = await readForm(c);
    try {
      await services.networks.follow(actor);
      return c.redirect("/networks", 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      c.status(error instanceof NotFoundError ? 404 : 422);
      const message =
        error instanceof NotFoundError ? c.var.t("networks.notFound") : problemText(c.var.t, error.message.replace(/^actor: /, ""));
      return c.render(<NetworksPage networks={await services.networks.list()} errors={{ actor: message }} value={actor} />, {
        title: c.var.t("networks.title"),
      });
    }
  });

  app.post("/networks/:id/approve", requireCoordinator, async (c) => {
    await services.networks.approveFollower(c.req.param("id"));
    return c.redirect("/networks", 303);
  });

  app.post("/networks/:id/reject", requireCoordinator, async (c) => {
    await services.networks.rejectFollower(c.req.param("id"));
    return c.redirect("/networks", 303);
  });

  app.post("/responses/:id/decision", requireCoordinator, async (c) => {
    const { decision } = await readForm(c);
    if (decision !== "accept" && decision !== "decline") throw new InvalidInputError("decision", "use accept or decline");
    const response = await services.responses.decide(c.var.viewer, c.req.param("id"), decision);
    return c.redirect(`/posts/${response.postId}`, 303);
  });

  app.post("/nearby/:id/respond", requireSignedIn, async (c) => {
    const values = await readForm(c);
    try {
      await services.outgoingResponses.respond(c.var.viewer, c.req.param("id"), {
        message: values.message ?? "",
        quantity: numberOrNull(values.quantity) as number | null,
      });
      return c.redirect("/nearby?offered=1", 303);
    } catch (error) {
      const errors = fieldErrors(error, c.var.t);
      const [{ items }, events] = await Promise.all([services.siblingPosts.list(c.var.viewer), services.siblingEvents.listUpcoming()]);
      c.status(422);
      return c.render(<NearbyPage items={items} events={events} errors={{ ...errors, itemId: c.req.param("id") }} offered={false} />, {
        title: c.var.t("nearby.title"),
      });
    }
  });

  app.get("/nearby", async (c) => {
    const [{ items }, events] = await Promise.all([services.siblingPosts.list(c.var.viewer), services.siblingEvents.listUpcoming()]);
    const offered = c.req.query("offered") === "1";
    return c.render(<NearbyPage items={items} events={events} errors={{}} offered={offered} />, { title: c.var.t("nearby.title") });
  });

  return app;
}
