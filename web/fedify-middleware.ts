import type { Federation } from "@fedify/fedify";
import type { MiddlewareHandler } from "hono";

/**
 * Where every path Fedify answers begins (federation/ registers WebFinger, NodeInfo, the
 * actors and their collections, the objects under /ap/ and the shared inbox). Any other
 * request goes straight to Hono's routes: Fedify's own look (a context, its router,
 * tracing spans) was a tenth of a board page's time, only to answer "not mine".
 */
const FEDIFY_PREFIXES = ["/.well-known/", "/nodeinfo/", "/actors/", "/ap/", "/inbox"];

/**
 * Lets Fedify answer what is its (WebFinger, NodeInfo, actors, inboxes, collections) and
 * passes everything else, including browsers asking for an actor's page, to Hono's routes.
 */
export function fedifyMiddleware<TData>(federation: Federation<TData>, data: () => TData): MiddlewareHandler {
  return async (c, next) => {
    if (!FEDIFY_PREFIXES.some((prefix) => c.req.path.startsWith(prefix))) return next();
    return federation.fetch(c.req.raw, {
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
  };
}
