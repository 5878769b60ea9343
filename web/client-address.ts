import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { addressKey } from "../src/limits/client-key.ts";

/**
 * Finds who is asking, for the per-address rate limits, and keeps it in `clientAddress`.
 * With TRUST_PROXY=0 (the default) that is the connection's remote address, and
 * X-Forwarded-For is ignored: anyone can write it. Behind N reverse proxies, each of which
 * appends the address it saw, the client is the Nth entry from the right; what the client
 * itself wrote further left is ignored.
 */
export function clientAddressMiddleware(trustedProxies: number) {
  return createMiddleware<{ Variables: { clientAddress: string } }>(async (c, next) => {
    c.set("clientAddress", addressKey(clientAddress(c, trustedProxies)));
    await next();
  });
}

/** The address the middleware found, for sub-apps (the API) whose own types do not name it. */
export function clientAddressOf(c: Context): string {
  return c.get("clientAddress") as string;
}

function clientAddress(c: Context, trustedProxies: number): string {
  const socketAddress = remoteAddress(c);
  if (trustedProxies === 0) return socketAddress;
  const forwarded = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return socketAddress;
  return forwarded[Math.max(0, forwarded.length - trustedProxies)]!;
}

/** The socket's address; requests made without a socket (in-process) share one key. */
function remoteAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
