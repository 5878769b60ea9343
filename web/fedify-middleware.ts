import type { Federation } from "@fedify/fedify";
import type { MiddlewareHandler } from "hono";
/**
 * Lets Fedify answer what is its (WebFinger, NodeInfo, actors, inboxes, collections) and
 * passes everything else, including browsers asking for an actor's page, to Hono's routes.
 */
export function fedifyMiddleware<TData>(federation: Federation<TData>, data: () => TData): MiddlewareHandler {
  return async (c, next) =>
    federation.fetch(c.req.raw, {
      contextData: data(),
      onNotFound: async () => {
        await next();
        return c.res;
      },
      onNotAcceptable: async () => {
        await next();
        return c.res;
      },
    });
}
