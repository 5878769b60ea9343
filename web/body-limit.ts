import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";

/**
 * Refuses a body over `maxBytes` with 413 before anything reads it: by its Content-Length,
 * or, for a chunked body, as soon as the count passes the limit. The connection is then
 * closed rather than kept for another request, so the rest of the upload is never read.
 */
export function limitBody(maxBytes: number, message: string): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      c.header("connection", "close");
      throw new HTTPException(413, { message });
    },
  });
  // A GET or HEAD never has a body (fetch's Request refuses one), and asking for it makes
  // @hono/node-server build the whole Request it otherwise skips: a tenth of a kept page's cost.
  return (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limit(c, next));
}
