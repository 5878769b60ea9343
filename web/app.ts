import type { Federation } from "@fedify/fedify";
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FederationData } from "../federation/context.ts";
import { ConflictError, DomainError, InvalidInputError, NotFoundError, UnauthenticatedError } from "../src/errors.ts";
import { logger } from "../src/logging.ts";
import type { Services } from "../src/services.ts";
import { requireMember } from "./api/auth.ts";
import { fedifyMiddleware } from "./fedify-middleware.ts";
import { homePage, notFoundPage } from "./pages/home.ts";

const log = logger("web");

export interface WebAppDeps {
  federation: Federation<FederationData>;
  federationData: () => FederationData;
  services: Services;
}

export function createWebApp({ federation, federationData, services }: WebAppDeps): Hono {
  const app = new Hono();
  app.use(fedifyMiddleware(federation, federationData));

  app.get("/", (c) => c.html(homePage(services.profile, new URL(c.req.url).host)));

  // A browser (or anything not asking for ActivityPub) that opens the network's actor URL
  // gets the network's page; any other actor path is a 404, never an empty 200.
  app.get("/actors/:identifier", (c) =>
    c.req.param("identifier") === services.profile.handle ? c.redirect("/", 303) : notFound(c),
  );

  app.get("/api/me", requireMember(services), (c) => {
    const member = c.get("member");
    return c.json({ id: member.id, username: member.username, displayName: member.displayName, role: member.role });
  });

  app.notFound(notFound);
  app.onError((error, c) => {
    if (error instanceof DomainError) return problem(c, statusOf(error), error);
    log.error("Unhandled error on {method} {path}: {error}", { method: c.req.method, path: c.req.path, error });
    return problem(c, 500, new Error("Something went wrong on our side."));
  });
  return app;
}

function statusOf(error: DomainError): ContentfulStatusCode {
  if (error instanceof InvalidInputError) return 400;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  return 400;
}

function wantsJson(c: Context): boolean {
  return c.req.path.startsWith("/api/") || !(c.req.header("accept") ?? "").includes("text/html");
}

function notFound(c: Context) {
  return wantsJson(c) ? c.json({ error: "Not found" }, 404) : c.html(notFoundPage(), 404);
}

function problem(c: Context, status: ContentfulStatusCode, error: Error) {
  const field = error instanceof InvalidInputError ? { field: error.field } : {};
  if (wantsJson(c)) return c.json({ error: error.message, ...field }, status);
  return c.text(error.message, status);
}
